import Glibc
import NetCore
import Support

/// Runs a ``WebServer`` in the foreground until SIGINT/SIGTERM, then shuts it down gracefully.
package enum ServerRunner {
    /// Starts the server with an ``EchoService`` and blocks until a shutdown signal; returns the exit code.
    package static func run(
        configuration: WebServerConfiguration, mode: EchoService.Mode, greeting: String?, name: String
    ) throws -> ExitCode {
        let logger = Logger(label: "main")
        let fileLimit = raiseOpenFileLimit()
        let signal = try ShutdownSignal()
        let group = try EventLoopGroup(
            threadCount: configuration.threads, outputBudget: OutputBudget(limit: configuration.outputBudget))
        let service = EchoService(mode: mode, group: group, greeting: greeting)
        let server = WebServer(configuration: configuration, group: group, webSocketService: service)
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            group.stop()
            throw explainListenError(error, listeners: [(configuration.host, configuration.port, "--port")]) ?? error
        }
        logger.notice(
            "\(name) listening on \(address) with \(configuration.threads) I/O thread(s); open-files limit \(fileLimit)"
        )
        let signalNumber = signal.wait()
        logger.notice("signal \(signalNumber): shutting down (\(server.group.connectionCount) connection(s) open)")
        server.shutdownGracefully(timeout: .seconds(4))
        logger.notice("stopped")
        return .success
    }

    /// A listening socket that could not be opened, for a cause an operator can fix (a port in use, a privileged
    /// port, an address not on this machine), as a `CommandFailure` that names the address and the option to
    /// change; nil for any other error. `listeners` are every address the command listens on with the option that
    /// sets it: a bind error does not say which one failed, so each is tried again in order and the first that still
    /// fails is named (list the one bound last first: the ones bound before it may still be open).
    package static func explainListenError(
        _ error: any Error, listeners: [(host: String, port: Int, option: String)]
    ) -> CommandFailure? {
        guard let failure = error as? IOError, failure.function == "bind", let first = listeners.first else {
            return nil
        }
        let culprit = listeners.first { bindError(host: $0.host, port: $0.port) == failure.errnoCode } ?? first
        guard
            let message = ListenFailure.message(
                errnoCode: failure.errnoCode, host: culprit.host, port: culprit.port, option: culprit.option)
        else { return nil }
        return CommandFailure(message, exitCode: .unavailable)
    }

    /// The errno binding `host:port` fails with now, or nil when it can be bound (the socket is closed at once).
    private static func bindError(host: String, port: Int) -> Int32? {
        do {
            let fd = try Socket.listen(on: SocketAddress(host: host, port: port))
            close(fd)
            return nil
        } catch {
            return error.errnoCode
        }
    }
}

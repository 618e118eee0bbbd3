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
        let address = try server.start()
        logger.notice(
            "\(name) listening on \(address) with \(configuration.threads) I/O thread(s); open-files limit \(fileLimit)"
        )
        let signalNumber = signal.wait()
        logger.notice("signal \(signalNumber): shutting down (\(server.group.connectionCount) connection(s) open)")
        server.shutdownGracefully(timeout: .seconds(4))
        logger.notice("stopped")
        return .success
    }
}

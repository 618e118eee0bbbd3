import NetCore
import Support
import Web

extension GameServer {
    /// Runs the game server in the foreground until SIGINT/SIGTERM, then shuts down gracefully; returns the exit code.
    package static func runUntilSignalled(configuration: GameServerConfiguration) throws -> ExitCode {
        let logger = Logger(label: "main")
        let fileLimit = raiseOpenFileLimit()
        let signal = try ShutdownSignal()
        let group = try EventLoopGroup(threadCount: configuration.web.threads)
        let server = try GameServer(configuration: configuration, group: group)
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            group.stop()
            throw error
        }
        logger.notice(
            "wirequest listening on \(address): \(configuration.worlds) world(s) × \(configuration.playersPerWorld) "
                + "players at \(configuration.tickRate) Hz, \(configuration.web.threads) I/O thread(s); "
                + "open-files limit \(fileLimit)")
        let signalNumber = signal.wait()
        logger.notice("signal \(signalNumber): shutting down (\(group.connectionCount) connection(s) open)")
        server.shutdownGracefully(timeout: 4_000_000_000)
        logger.notice("stopped")
        return .success
    }
}

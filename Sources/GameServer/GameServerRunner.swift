import Glibc
import NetCore
import Support
import Web

extension GameServer {
    /// Runs the game server in the foreground until SIGINT/SIGTERM, then shuts down gracefully; returns the exit code.
    package static func runUntilSignalled(configuration: GameServerConfiguration) throws -> ExitCode {
        let logger = Logger(label: "main")
        let fileLimit = raiseOpenFileLimit()
        let signal = try ShutdownSignal()
        // Before anything listens: a second server started by mistake must fail here, not steal the first's port.
        let adminSocket = try configuration.adminSocketPath.map { path throws(AdminSocketError) in
            try AdminSocket(path: path)
        }
        let group = try EventLoopGroup(threadCount: configuration.web.threads)
        let server = try GameServer(configuration: configuration, group: group)
        server.onShutdownRequest { signal.trigger() }
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            if let adminSocket { unlink(adminSocket.path) }
            group.stop()
            throw error
        }
        adminSocket?.start(for: server)
        logger.notice(
            "wirequest listening on \(address): \(configuration.worlds) world(s) × \(configuration.playersPerWorld) "
                + "players at \(configuration.tickRate) Hz, \(configuration.web.threads) I/O thread(s); "
                + "open-files limit \(fileLimit)")
        if let adminSocket { logger.notice("admin socket \(adminSocket.path) (mode 0600): wirequest admin") }
        let console = configuration.console ? ServerConsole.startIfInteractive(server: server) : nil
        let signalNumber = signal.wait()
        console?.restoreTerminal()
        logger.notice(
            (signalNumber == 0 ? "shutdown requested" : "signal \(signalNumber)")
                + ": shutting down (\(group.connectionCount) connection(s) open)")
        adminSocket?.close(for: server)
        server.shutdownGracefully(timeout: 4_000_000_000)
        logger.notice("stopped")
        return .success
    }
}

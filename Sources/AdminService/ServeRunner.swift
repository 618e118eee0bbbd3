import GameServer
import Glibc
import NetCore
import Support
import Web

/// `wirequest serve` as a whole: the game server and the ways its operators reach it.
package struct ServeConfiguration: Sendable {
    package var game = GameServerConfiguration()
    /// The admin console's Unix socket (`wirequest admin`); nil for none.
    package var adminSocketPath: String? = "wirequest.sock"
    /// Whether an interactive terminal becomes an admin console.
    package var console = true

    package init() {}
}

/// Runs a game server with its admin service in the foreground until SIGINT or SIGTERM (or an operator's
/// `shutdown`), then shuts down gracefully.
package enum ServeRunner {
    /// Returns the exit code; throws if the server cannot start (a bad map, a taken port or admin socket).
    package static func runUntilSignalled(configuration: ServeConfiguration) throws -> ExitCode {
        let logger = Logger(label: "main")
        let fileLimit = raiseOpenFileLimit()
        let signal = try ShutdownSignal()
        // Before anything listens: a second server started by mistake must fail here, not steal the first's port.
        let adminSocket = try configuration.adminSocketPath.map { path throws(AdminSocketError) in
            try AdminSocket(path: path)
        }
        let game = configuration.game
        let group = try EventLoopGroup(threadCount: game.web.threads)
        let directory = AdminDirectory()
        let server = GameServer(configuration: game, group: group, gate: directory)
        let admin = AdminService(server: server, directory: directory)
        admin.onShutdownRequest { signal.trigger() }
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            if let adminSocket { unlink(adminSocket.path) }
            group.stop()
            throw error
        }
        adminSocket?.start(for: admin)
        logger.notice(
            "wirequest listening on \(address): \(game.worlds) world(s) × \(game.playersPerWorld) "
                + "players at \(game.tickRate) Hz, \(game.web.threads) I/O thread(s); open-files limit \(fileLimit)")
        if let adminSocket { logger.notice("admin socket \(adminSocket.path) (mode 0600): wirequest admin") }
        let console = configuration.console ? ServerConsole.startIfInteractive(admin: admin) : nil
        let signalNumber = signal.wait()
        console?.restoreTerminal()
        logger.notice(
            (signalNumber == 0 ? "shutdown requested" : "signal \(signalNumber)")
                + ": shutting down (\(group.connectionCount) connection(s) open)")
        adminSocket?.close(for: admin)
        server.shutdownGracefully(timeout: .seconds(4))
        logger.notice("stopped")
        return .success
    }
}

import GameServer
import Glibc
import NetCore
import PostgresStore
import SQLiteStore
import Storage
import Support
import Synchronization
import Web

/// `wirequest serve` as a whole: the game server, where its characters last, and the ways its operators reach it.
package struct ServeConfiguration: Sendable {
    package var game = GameServerConfiguration()
    /// The admin console's Unix socket (`wirequest admin`); nil for none.
    package var adminSocketPath: String? = "wirequest.sock"
    /// An admin client silent this long, with no answer pending, is closed (zero: never).
    package var adminIdleTimeout: Duration = .seconds(300)
    /// Whether an interactive terminal becomes an admin console.
    package var console = true
    /// The SQLite database of characters, bans, mutes and the audit log; nil keeps them in memory only (nothing
    /// lasts a restart).
    package var dataPath: String? = "wirequest.sqlite"
    /// A PostgreSQL URL: characters and operator state in a database server that several nodes share (instead of
    /// ``dataPath``).
    package var databaseURL: String?
    package var storage = StorageConfiguration()
    /// Joins a cluster once the server listens (`serve --cluster`, wired by the executable); returns what leaves it.
    package var joinCluster: (@Sendable (ClusterParts) throws -> ClusterMembership)?

    package init() {}
}

/// What a cluster node is made of, for the cluster service to join it to the others.
package struct ClusterParts: Sendable {
    package var server: GameServer
    package var admin: AdminService
    package var storage: StorageRunner
    /// Where the server listens.
    package var address: SocketAddress
}

/// A node's place in its cluster: ``leave`` takes it out of the directory as the server stops; ``refused`` says
/// whether the cluster turned the node away (its id was taken), which makes the process exit with 69.
package struct ClusterMembership: Sendable {
    package var leave: @Sendable () -> Void
    package var refused: @Sendable () -> Bool

    package init(leave: @escaping @Sendable () -> Void, refused: @escaping @Sendable () -> Bool = { false }) {
        self.leave = leave
        self.refused = refused
    }
}

/// Why `serve` could not start, with the exit code that tells the causes apart.
package struct ServeStartError: Error, CustomStringConvertible {
    package var description: String
    package var exitCode: Int32
}

/// Runs a game server with its admin service in the foreground until SIGINT or SIGTERM (or an operator's
/// `shutdown`), then shuts down gracefully, every connected character saved.
package enum ServeRunner {
    /// Returns the exit code; throws if the server cannot start (a bad map, a taken port or admin socket, a database
    /// it cannot use: ``ServeStartError`` then carries the database's own exit code).
    package static func runUntilSignalled(configuration: ServeConfiguration) throws -> ExitCode {
        let logger = Logger(label: "main")
        let fileLimit = raiseOpenFileLimit()
        let signal = try ShutdownSignal()
        // Before anything listens: a second server started by mistake must fail here, not steal the first's port
        // (its database lock would stop it too).
        let adminSocket = try configuration.adminSocketPath.map { path throws(AdminSocketError) in
            try AdminSocket(path: path, idleTimeout: configuration.adminIdleTimeout)
        }
        let directory = AdminDirectory()
        let storage: StorageRunner
        let mutes: [MuteRecord]
        do {
            (storage, mutes) = try openStorage(configuration, directory: directory, logger: logger)
        } catch {
            if let adminSocket { unlink(adminSocket.path) }
            throw error
        }
        let game = configuration.game
        let group = try EventLoopGroup(
            threadCount: game.web.threads, outputBudget: OutputBudget(limit: game.web.outputBudget))
        let server = GameServer(configuration: game, group: group, storage: storage, gate: directory)
        let admin = AdminService(server: server, directory: directory)
        admin.onShutdownRequest { signal.trigger() }
        let address: SocketAddress
        do {
            address = try server.start()
        } catch {
            if let adminSocket { unlink(adminSocket.path) }
            group.stop()
            storage.stop()
            throw error
        }
        admin.restore(mutes, now: Int64(time(nil)))
        var membership: ClusterMembership?
        if let join = configuration.joinCluster {
            do {
                membership = try join(ClusterParts(server: server, admin: admin, storage: storage, address: address))
            } catch {
                if let adminSocket { unlink(adminSocket.path) }
                server.shutdownGracefully(timeout: .seconds(1))
                storage.stop()
                group.stop()
                throw error
            }
        }
        adminSocket?.start(for: admin)
        logger.notice(
            "wirequest listening on \(address): \(game.worlds) world(s) × \(game.playersPerWorld) "
                + "players at \(game.tickRate) Hz (sent every \(game.flushInterval) tick(s)), \(game.web.threads) I/O "
                + "thread(s); open-files limit \(fileLimit)")
        if let adminSocket { logger.notice("admin socket \(adminSocket.path) (mode 0600): wirequest admin") }
        let console = configuration.console ? ServerConsole.startIfInteractive(admin: admin) : nil
        let signalNumber = signal.wait()
        console?.restoreTerminal()
        logger.notice(
            (signalNumber == 0 ? "shutdown requested" : "signal \(signalNumber)")
                + ": shutting down (\(group.connectionCount) connection(s) open)")
        adminSocket?.close(for: admin)
        membership?.leave()
        server.shutdownGracefully(timeout: .seconds(4))
        let unsaved = storage.stop()
        let written = storage.metrics.withLock { $0.charactersWritten }
        if unsaved > 0 {
            logger.critical("stopped with \(unsaved) character(s) unsaved")
            return .ioError
        }
        logger.notice("stopped; \(written) character save(s) written since start, none pending")
        return membership?.refused() == true ? .unavailable : .success
    }

    /// Opens the store (SQLite at `dataPath`, or memory), puts its bans in force in `directory`, and starts the
    /// storage thread on it; returns the stored mutes, for the worlds once they run.
    private static func openStorage(
        _ configuration: ServeConfiguration, directory: AdminDirectory, logger: Logger
    ) throws -> (StorageRunner, [MuteRecord]) {
        if let url = configuration.databaseURL {
            return try openPostgres(url, configuration, directory: directory, logger: logger)
        }
        guard let path = configuration.dataPath else {
            logger.warning("--data none: characters, bans and mutes are kept in memory only and lost on restart")
            return (StorageRunner(store: MemoryCharacterStore(), configuration: configuration.storage), [])
        }
        let store: SQLiteStore
        do {
            store = try SQLiteStore(path: path)
        } catch {
            throw ServeStartError(description: error.message, exitCode: error.exitCode)
        }
        let mutes: [MuteRecord]
        do {
            directory.restore(try store.bans(), now: Int64(time(nil)))
            mutes = try store.mutes()
            let count = try store.characterCount()
            logger.notice("data \(path): \(count) character(s) stored")
        } catch {
            store.close()
            throw ServeStartError(description: "cannot read \(path): \(error)", exitCode: ExitCode.ioError.rawValue)
        }
        return (StorageRunner(store: store, configuration: configuration.storage), mutes)
    }

    /// Opens the PostgreSQL store several nodes share (migrating it if this build is newer), drops the leases this
    /// node's previous run held (its players left with it), and reads the operator state.
    private static func openPostgres(
        _ url: String, _ configuration: ServeConfiguration, directory: AdminDirectory, logger: Logger
    ) throws -> (StorageRunner, [MuteRecord]) {
        let store: PostgresStore
        do {
            store = try PostgresStore.open(url: url)
        } catch {
            throw ServeStartError(description: error.message, exitCode: error.exitCode)
        }
        let mutes: [MuteRecord]
        do {
            if let node = configuration.storage.leaseNode { try store.releaseLeases(node: node) }
            directory.restore(try store.bans(), now: Int64(time(nil)))
            mutes = try store.mutes()
            let count = try store.characterCount()
            logger.notice("database \(store.location): \(count) character(s) stored")
        } catch {
            store.close()
            throw ServeStartError(
                description: "cannot read the database: \(error)", exitCode: ExitCode.ioError.rawValue)
        }
        return (StorageRunner(store: store, configuration: configuration.storage), mutes)
    }
}

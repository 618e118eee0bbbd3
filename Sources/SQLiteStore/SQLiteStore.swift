import Storage

/// The default ``CharacterStore``: one SQLite file in WAL mode, with `synchronous=FULL` so a save that returned
/// survives a power cut, foreign keys on, a 5 s busy timeout, and forward-only schema migrations
/// (``SQLiteMigration``).
///
/// Opening it classifies every start-up failure into a ``StorageOpenError`` (see ``init(path:migrations:)``);
/// after that, each call's failure is a ``StorageError``. The store is used by one thread (the storage thread):
/// it is not `Sendable`, but a caller may still hand a freshly opened store to that thread as a `sending` value.
/// `":memory:"` opens a private in-memory database (no WAL, no file lock), for tests.
package final class SQLiteStore: CharacterStore {
    /// The file, or `":memory:"`.
    package let path: String
    /// The connection, for tests and tools that need raw SQL (pragmas, fixtures). The store's own calls assume
    /// nobody leaves a transaction open on it.
    package let database: SQLiteDatabase
    /// Statements by ``SQLiteQuery`` raw value, compiled on first use.
    private var statements: [SQLiteStatement?]
    /// Held until after the connection is closed; nil for `":memory:"`.
    private let fileLock: DatabaseFileLock?
    private var isClosed = false

    /// How long a call waits for a lock held by another connection (a backup tool, the `sqlite3` shell).
    package static let busyTimeoutMilliseconds: Int32 = 5000

    /// Opens or creates the database at `path` and brings its schema up to the newest version.
    ///
    /// - Parameters:
    ///   - path: the database file, or `":memory:"`.
    ///   - migrations: the schema steps to apply, ``SQLiteMigration/all`` unless a test wants an older version
    ///     (a prefix of the list) or a failing step.
    /// - Throws: a ``StorageOpenError`` whose kind says why (missing directory, unreadable, locked by another
    ///   process, read-only, damaged, newer schema) and whose message is one line naming the path and what to do.
    package init(path: String, migrations: [SQLiteMigration] = SQLiteMigration.all) throws(StorageOpenError) {
        for (index, migration) in migrations.enumerated() {
            precondition(migration.version == index + 1, "migrations must be numbered 1, 2, … in order")
        }
        self.path = path
        statements = Array(repeating: nil, count: SQLiteQuery.allCases.count)
        let inMemory = path == ":memory:"
        if !inMemory { try Self.checkLocation(path) }
        let fileLock = inMemory ? nil : try DatabaseFileLock(path: path)
        let database: SQLiteDatabase
        do {
            database = try SQLiteDatabase(path: path)
        } catch {
            fileLock?.release()
            throw Self.openError(error, path: path, doing: "open")
        }
        do {
            let version = try Self.inspect(database, path: path, newestVersion: migrations.count)
            try Self.configure(database, path: path, inMemory: inMemory)
            try Self.migrate(database, path: path, from: version, migrations: migrations)
        } catch {
            // Nothing more touches the file: no `PRAGMA optimize` on a database this build refused.
            database.close()
            fileLock?.release()
            throw error
        }
        self.database = database
        self.fileLock = fileLock
    }

    deinit { close() }

    /// The cached statement for `query`, compiling it on first use.
    func statement(_ query: SQLiteQuery) throws(StorageError) -> SQLiteStatement {
        if let statement = statements[query.rawValue] { return statement }
        let statement = try database.prepare(query.sql)
        statements[query.rawValue] = statement
        return statement
    }

    /// Finalizes the statements, lets SQLite refresh its query planner statistics (`PRAGMA optimize`), closes the
    /// connection (which checkpoints the WAL into the file), then releases the file lock. Closing twice does nothing.
    package func close() {
        guard !isClosed else { return }
        isClosed = true
        statements = Array(repeating: nil, count: statements.count)
        try? database.execute("PRAGMA optimize")
        database.close()
        fileLock?.release()
    }
}

@available(*, unavailable) extension SQLiteStore: Sendable {}

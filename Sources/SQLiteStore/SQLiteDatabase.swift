import CSQLite
import Storage

/// One SQLite connection, used by one thread at a time (opened without SQLite's own mutex). Every failure is a
/// ``StorageError`` carrying SQLite's message; ``lastErrorCode`` keeps the extended result code for callers that
/// tell constraints apart.
package final class SQLiteDatabase {
    /// The connection; nil once closed.
    private var handle: OpaquePointer?
    /// The transaction statements, prepared once: a save must not compile SQL.
    private var begin: SQLiteStatement?
    private var commit: SQLiteStatement?
    private var rollback: SQLiteStatement?

    /// Opens (creating it if missing) the database at `path`; `":memory:"` is a private in-memory database.
    package init(path: String) throws(StorageError) {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK else {
            let message =
                connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close(connection)
            throw StorageError(sqliteCode: code, message: "\(path): \(message)")
        }
        handle = connection
    }

    deinit { close() }

    /// The raw connection, for the C API calls this wrapper does not cover (the backup API).
    package var pointer: OpaquePointer {
        guard let handle else { preconditionFailure("SQLite database used after close") }
        return handle
    }

    /// The extended result code of the connection's last failed call (`SQLITE_CONSTRAINT_UNIQUE`, …).
    package var lastErrorCode: Int32 { sqlite3_extended_errcode(pointer) }

    /// The rowid of the last row inserted on this connection.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(pointer) }

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    package var changes: Int { Int(sqlite3_changes(pointer)) }

    /// Whether a transaction is open (SQLite may roll one back by itself after a full disk or an I/O error).
    package var isInTransaction: Bool { sqlite3_get_autocommit(pointer) == 0 }

    /// How long a statement waits for another connection's lock before failing with ``StorageError/busy``.
    package func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(pointer, milliseconds)
    }

    /// The error for a failed call's result `code`, with the connection's message.
    package func error(_ code: Int32) -> StorageError {
        StorageError(sqliteCode: code, message: String(cString: sqlite3_errmsg(pointer)))
    }

    /// Runs `sql` (one or more statements, no parameters), discarding any rows. For schema changes and pragmas,
    /// never for a hot path: it compiles the SQL on every call.
    package func execute(_ sql: String) throws(StorageError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(pointer, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            throw StorageError(
                sqliteCode: code, message: message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code)))
        }
    }

    /// Compiles one statement of `sql`; `persistent` (the default) tells SQLite it will be kept and reused.
    package func prepare(_ sql: String, persistent: Bool = true) throws(StorageError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(pointer, sql, -1, flags, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        return SQLiteStatement(statement)
    }

    /// The first column of the first row of `sql` as text (a pragma's answer), or nil when there is no row.
    package func text(_ sql: String) throws(StorageError) -> String? {
        let statement = try prepare(sql, persistent: false)
        guard try statement.step() else { return nil }
        return statement.optionalText(0)
    }

    /// The first column of the first row of `sql` as an integer, or nil when there is no row.
    package func integer(_ sql: String) throws(StorageError) -> Int64? {
        let statement = try prepare(sql, persistent: false)
        guard try statement.step() else { return nil }
        return statement.int64(0)
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`, so the write lock is taken up front rather than
    /// half-way), committing when it returns and rolling back when it (or the commit) throws: all or nothing.
    package func transaction<T>(_ body: () throws(StorageError) -> T) throws(StorageError) -> T {
        if begin == nil {
            begin = try prepare("BEGIN IMMEDIATE")
            commit = try prepare("COMMIT")
            rollback = try prepare("ROLLBACK")
        }
        try begin!.run()
        do {
            let result = try body()
            try commit!.run()
            return result
        } catch {
            // After SQLITE_FULL or an I/O error SQLite may already have rolled back; a second ROLLBACK would fail.
            if isInTransaction { try? rollback!.run() }
            throw error
        }
    }

    /// Finalizes the transaction statements and closes the connection. Statements still held elsewhere keep it
    /// open until they are released (`sqlite3_close_v2`). Closing twice does nothing.
    package func close() {
        guard let handle else { return }
        begin = nil
        commit = nil
        rollback = nil
        sqlite3_close_v2(handle)
        self.handle = nil
    }
}

@available(*, unavailable) extension SQLiteDatabase: Sendable {}

import CSQLite
import Storage

/// A compiled statement: bind parameters (numbered from 1), step through rows, read columns (numbered from 0),
/// reset, and run again. Stores keep them and reuse them, so a hot path compiles no SQL. Finalized on deinit.
package final class SQLiteStatement {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { sqlite3_finalize(handle) }

    private func check(_ code: Int32) throws(StorageError) {
        guard code == SQLITE_OK else {
            throw StorageError(sqliteCode: code, message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    // MARK: - Parameters

    /// Binds an integer to parameter `index` (`?1` is 1).
    package func bind(_ value: Int64, at index: Int32) throws(StorageError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds an integer to parameter `index`.
    package func bind(_ value: Int, at index: Int32) throws(StorageError) {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    /// Binds an integer, or NULL for nil.
    package func bind(_ value: Int?, at index: Int32) throws(StorageError) {
        guard let value else { return try bindNull(at: index) }
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    /// Binds an integer, or NULL for nil.
    package func bind(_ value: Int64?, at index: Int32) throws(StorageError) {
        guard let value else { return try bindNull(at: index) }
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds text (SQLite copies it), or NULL for nil.
    package func bind(_ value: String?, at index: Int32) throws(StorageError) {
        guard let value else { return try bindNull(at: index) }
        var text = value
        let code = text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                // A nil pointer would bind NULL; "" must stay an empty string.
                return sqlite3_bind_text(handle, index, "", 0, wq_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), wq_sqlite_transient())
            }
        }
        try check(code)
    }

    /// Binds bytes as a BLOB (SQLite copies them).
    package func bind(_ value: [UInt8], at index: Int32) throws(StorageError) {
        let code = value.withUnsafeBytes { bytes in
            // sqlite3_bind_blob binds NULL for a nil pointer; an empty blob needs zeroblob.
            bytes.baseAddress.map {
                sqlite3_bind_blob(handle, index, $0, Int32(bytes.count), wq_sqlite_transient())
            } ?? sqlite3_bind_zeroblob(handle, index, 0)
        }
        try check(code)
    }

    /// Binds NULL to parameter `index`.
    package func bindNull(at index: Int32) throws(StorageError) {
        try check(sqlite3_bind_null(handle, index))
    }

    // MARK: - Running

    /// Advances to the next row: true when there is one to read, false when the statement is done.
    @discardableResult
    package func step() throws(StorageError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw StorageError(sqliteCode: code, message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    /// Steps a statement that returns no rows to completion, then resets it.
    package func run() throws(StorageError) {
        defer { reset() }
        try step()
    }

    /// Makes the statement ready to run again, keeping its bindings. Ends any read it had open, so a statement
    /// left half-read does not hold back WAL checkpoints.
    package func reset() {
        sqlite3_reset(handle)
    }

    // MARK: - Columns

    /// Whether the current row's `column` (0 is the first) is NULL.
    package func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column as an integer; 0 for NULL.
    package func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The column as an integer; 0 for NULL.
    package func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    /// The column as an integer, or nil for NULL.
    package func optionalInt(_ column: Int32) -> Int? {
        isNull(column) ? nil : int(column)
    }

    /// The column as an integer, or nil for NULL.
    package func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    /// The column as text; "" for NULL.
    package func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column as text, or nil for NULL.
    package func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// The column as bytes; empty for NULL.
    package func blob(_ column: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}

@available(*, unavailable) extension SQLiteStatement: Sendable {}

import CSQLite
import Storage

extension StorageError {
    /// The store's error for an SQLite result code (primary or extended) and the connection's message for it.
    package init(sqliteCode code: Int32, message: String) {
        switch code & 0xFF {
        case SQLITE_FULL: self = .diskFull
        case SQLITE_BUSY, SQLITE_LOCKED: self = .busy
        case SQLITE_IOERR: self = .io(message)
        case SQLITE_CORRUPT, SQLITE_NOTADB: self = .corrupt(message)
        case SQLITE_READONLY: self = .readOnly(message)
        default: self = .other(message)
        }
    }
}

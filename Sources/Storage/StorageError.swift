/// Why a store call failed.
package enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another character already has this name (without regard to case).
    case nameTaken
    /// No such character.
    case notFound
    /// The disk (or the file system's quota) is full: retry later, nothing was written.
    case diskFull
    /// The database is busy or locked beyond the busy timeout: retry later.
    case busy
    /// A read or write failed at the operating system's level (EIO and the like).
    case io(String)
    /// The file is not a database, or is damaged.
    case corrupt(String)
    /// The database cannot be written.
    case readOnly(String)
    /// This backend cannot do that (for example `backup` on a database server); the text says what to use.
    case unsupported(String)
    /// Anything else, with the backend's own message.
    case other(String)

    /// Whether trying again later may succeed (a full disk, a lock, an I/O error) rather than failing the same way.
    package var isTransient: Bool {
        switch self {
        case .diskFull, .busy, .io: true
        default: false
        }
    }

    package var description: String {
        switch self {
        case .nameTaken: "the name is taken"
        case .notFound: "no such character"
        case .diskFull: "the disk is full"
        case .busy: "the database is busy"
        case .io(let why): "I/O error: \(why)"
        case .corrupt(let why): "the database is damaged: \(why)"
        case .readOnly(let why): "the database is read-only: \(why)"
        case .unsupported(let why): why
        case .other(let why): why
        }
    }
}

/// Why a store could not be opened at start: each case stops the server with one line and its own exit code, so
/// scripts and service managers can tell them apart.
package struct StorageOpenError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The directory the database file should be in does not exist.
        case missingDirectory
        /// The file exists but cannot be read.
        case unreadable
        /// Another process (a second server) holds the database.
        case locked
        /// The file or its directory cannot be written.
        case readOnly
        /// The file is not a database, or fails its integrity check.
        case corrupt
        /// The schema is newer than this server knows (a downgrade).
        case newerSchema
        /// Anything else.
        case other
    }

    package var kind: Kind
    /// One line for the operator: what, where, and what to do.
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The process's exit status for this failure (sysexits.h values, so each cause has its own).
    package var exitCode: Int32 {
        switch kind {
        case .corrupt: 65  // EX_DATAERR
        case .unreadable: 66  // EX_NOINPUT
        case .missingDirectory: 73  // EX_CANTCREAT
        case .locked: 75  // EX_TEMPFAIL
        case .readOnly: 77  // EX_NOPERM
        case .newerSchema: 78  // EX_CONFIG
        case .other: 74  // EX_IOERR
        }
    }

    package var description: String { message }
}

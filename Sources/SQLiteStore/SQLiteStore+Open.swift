import Glibc
import Storage

/// Start-up: what is checked before SQLite touches the file, how the connection is set up, and the migrations.
extension SQLiteStore {
    /// Checks what SQLite would otherwise report vaguely (or work around by opening read-only), before anything
    /// is created: the directory exists and is writable (SQLite keeps `-wal` and `-shm` files beside the
    /// database), and an existing file is readable and writable.
    static func checkLocation(_ path: String) throws(StorageOpenError) {
        let directory = directoryOf(path)
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw StorageOpenError(
                .missingDirectory,
                "the directory \(directory) for the database \(path) does not exist: create it, or choose another path")
        }
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw StorageOpenError(.other, "\(path) is not a regular file: choose a database file's path")
            }
            // AT_EACCESS: the effective user's rights, which are the ones open(2) applies.
            guard faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) == 0 else {
                throw StorageOpenError(
                    .unreadable, "cannot read \(path): \(errnoText()): give the server's user read and write access")
            }
            guard faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0 else {
                throw StorageOpenError(
                    .readOnly, "cannot write \(path): \(errnoText()): give the server's user write access")
            }
        }
        guard faccessat(AT_FDCWD, directory, W_OK | X_OK, AT_EACCESS) == 0 else {
            throw StorageOpenError(
                .readOnly,
                "cannot write in \(directory) (\(errnoText())), where SQLite keeps \(path)-wal and -shm: "
                    + "make the directory writable for the server's user")
        }
    }

    /// The directory part of `path`: `.` for a bare file name.
    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A start-up failure for a ``StorageError`` met while doing `doing` to the database at `path`.
    static func openError(_ error: StorageError, path: String, doing: String) -> StorageOpenError {
        switch error {
        case .corrupt(let why):
            StorageOpenError(
                .corrupt,
                "\(path) is not a WireQuest database or is damaged (\(why)): "
                    + "restore a backup, or move it aside to start afresh")
        case .readOnly(let why):
            StorageOpenError(.readOnly, "cannot write \(path) (\(why)): give the server's user write access")
        case .busy:
            StorageOpenError(
                .locked, "\(path) stayed locked by another program while trying to \(doing) it: stop that program")
        case .diskFull:
            StorageOpenError(.other, "the disk holding \(path) is full while trying to \(doing) it: free some space")
        default:
            StorageOpenError(.other, "cannot \(doing) \(path): \(error)")
        }
    }

    /// Reads the header and schema (a file that is not a database fails here), refuses a newer schema, runs
    /// `PRAGMA quick_check`, then sets WAL mode, `synchronous=FULL`, foreign keys and the busy timeout.
    static func configure(_ database: SQLiteDatabase, path: String, inMemory: Bool) throws(StorageOpenError) {
        database.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        var doing = "read"
        do throws(StorageError) {
            _ = try database.integer("SELECT count(*) FROM sqlite_schema")
            doing = "check"
            let result = try database.text("PRAGMA quick_check(1)") ?? "no answer"
            guard result == "ok" else { throw StorageError.corrupt("PRAGMA quick_check: \(result)") }
            if !inMemory {
                doing = "switch to WAL mode"
                let mode = try database.text("PRAGMA journal_mode = WAL") ?? "no answer"
                guard mode.lowercased() == "wal" else {
                    throw StorageError.other(
                        "SQLite answered journal mode \(mode) to WAL: put the database on a local file system")
                }
            }
            doing = "configure"
            try database.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
        } catch {
            throw openError(error, path: path, doing: doing)
        }
    }

    /// Applies every migration newer than the file's `user_version`, each in its own transaction with the new
    /// `user_version`. Refuses a file newer than `migrations` knows, and one with tables but no version (some
    /// other program's database).
    static func migrate(_ database: SQLiteDatabase, path: String, migrations: [SQLiteMigration])
        throws(StorageOpenError)
    {
        for (index, migration) in migrations.enumerated() {
            precondition(migration.version == index + 1, "migrations must be numbered 1, 2, … in order")
        }
        let version: Int
        let tables: Int
        do {
            version = Int(try database.integer("PRAGMA user_version") ?? 0)
            tables = Int(try database.integer("SELECT count(*) FROM sqlite_schema") ?? 0)
        } catch {
            throw openError(error, path: path, doing: "read")
        }
        if version > migrations.count {
            throw StorageOpenError(
                .newerSchema,
                "\(path) has schema version \(version), but this wirequest knows versions up to \(migrations.count): "
                    + "run a newer wirequest, or restore a backup made by this version")
        }
        if version < 0 || (version == 0 && tables > 0) {
            throw StorageOpenError(
                .corrupt,
                "\(path) is an SQLite database but not a WireQuest one (schema version \(version), \(tables) tables): "
                    + "choose another path")
        }
        for migration in migrations.dropFirst(version) {
            do {
                try database.transaction { () throws(StorageError) in
                    try database.execute(migration.sql)
                    try database.execute("PRAGMA user_version = \(migration.version)")
                }
            } catch {
                var failure = openError(error, path: path, doing: "migrate")
                failure.message =
                    "migrating \(path) to schema version \(migration.version) (\(migration.summary)) failed, "
                    + "so it stays at version \(migration.version - 1): \(error)"
                throw failure
            }
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

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
                throw StorageOpenError(.readOnly, "cannot write \(path): \(errnoText()): \(writableAdvice())")
            }
        }
        guard faccessat(AT_FDCWD, directory, W_OK | X_OK, AT_EACCESS) == 0 else {
            throw StorageOpenError(
                .readOnly,
                "cannot write in \(directory) (\(errnoText())), where SQLite keeps \(path)-wal and -shm: "
                    + writableAdvice())
        }
    }

    /// What to do about the `errno` of a failed write check.
    private static func writableAdvice() -> String {
        errno == EROFS
            ? "the file system is mounted read-only; remount it read-write, or choose another path"
            : "give the server's user write access"
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

    /// Reads the header and schema (a file that is not a database fails here) and the schema version, refusing a
    /// newer version and an SQLite file of some other program's, then runs `PRAGMA quick_check`. Writes nothing,
    /// so a refused file is left as it was. The check reads the whole file: about 60 ms for 100,000 characters
    /// (storagebench), once per start.
    ///
    /// - Returns: the file's schema version (`PRAGMA user_version`).
    static func inspect(_ database: SQLiteDatabase, path: String, newestVersion: Int) throws(StorageOpenError) -> Int {
        database.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        let version: Int
        let tables: Int
        do {
            tables = Int(try database.integer("SELECT count(*) FROM sqlite_schema") ?? 0)
            version = Int(try database.integer("PRAGMA user_version") ?? 0)
        } catch {
            throw openError(error, path: path, doing: "read")
        }
        if version > newestVersion {
            throw StorageOpenError(
                .newerSchema,
                "\(path) has schema version \(version), but this wirequest knows versions up to \(newestVersion): "
                    + "run a newer wirequest, or restore a backup made by this version")
        }
        if version < 0 || (version == 0 && tables > 0) {
            throw StorageOpenError(
                .corrupt,
                "\(path) is an SQLite database but not a WireQuest one (schema version \(version), \(tables) tables): "
                    + "choose another path")
        }
        do throws(StorageError) {
            let result = try database.text("PRAGMA quick_check(1)") ?? "no answer"
            guard result == "ok" else { throw StorageError.corrupt("PRAGMA quick_check: \(result)") }
        } catch {
            throw openError(error, path: path, doing: "check")
        }
        return version
    }

    /// Sets WAL mode (checking that it took), `synchronous=FULL` and foreign keys.
    static func configure(_ database: SQLiteDatabase, path: String, inMemory: Bool) throws(StorageOpenError) {
        var doing = "configure"
        do throws(StorageError) {
            if !inMemory {
                doing = "switch to WAL mode"
                let mode = try database.text("PRAGMA journal_mode = WAL") ?? "no answer"
                guard mode.lowercased() == "wal" else {
                    throw StorageError.other(
                        "SQLite answered journal mode \(mode) to WAL: put the database on a local file system")
                }
                doing = "configure"
            }
            try database.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
        } catch {
            throw openError(error, path: path, doing: doing)
        }
    }

    /// Applies every migration newer than `version`, each in its own transaction with the new `user_version`.
    static func migrate(_ database: SQLiteDatabase, path: String, from version: Int, migrations: [SQLiteMigration])
        throws(StorageOpenError)
    {
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

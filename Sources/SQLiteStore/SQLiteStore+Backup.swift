import CSQLite
import Glibc
import Storage

/// Backups: a consistent copy of the live database, written beside the target and renamed over it.
extension SQLiteStore {
    /// Copies the whole database with SQLite's online backup API into `path + ".tmp"`, checks the copy with
    /// `PRAGMA integrity_check`, switches it to a rollback journal (so the copy is one self-contained file), then
    /// renames it over `path`: a reader of `path` sees the old backup or the new one, never half of one. The
    /// store stays usable throughout.
    ///
    /// - Throws: ``StorageError/other(_:)`` when the directory is missing or `path` is the live database itself,
    ///   ``StorageError/io(_:)`` when the rename fails, or the copy's own SQLite error (a full disk, …). On failure
    ///   `path` is untouched and the temporary file removed.
    package func backup(to path: String) throws(StorageError) {
        let directory = Self.directoryOf(path)
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw .other("cannot back up to \(path): the directory \(directory) does not exist")
        }
        if self.path != ":memory:", Self.sameFile(path, self.path) {
            throw .other("cannot back up to \(path): it is the live database")
        }
        let temporary = path + ".tmp"
        for leftover in [temporary, temporary + "-journal", temporary + "-wal", temporary + "-shm"] {
            unlink(leftover)
        }
        do {
            try copy(to: temporary)
        } catch {
            unlink(temporary)
            unlink(temporary + "-journal")
            throw error
        }
        // A -wal beside the old file would be replayed into the new one when it is next opened.
        unlink(path + "-wal")
        unlink(path + "-shm")
        guard Glibc.rename(temporary, path) == 0 else {
            let why = Self.errnoText()
            unlink(temporary)
            throw .io("cannot rename \(temporary) to \(path): \(why)")
        }
        // The rename is durable once the directory is: without this a crash could bring back the old backup.
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            Glibc.close(fd)
        }
    }

    /// Writes the copy to `temporary` and checks it.
    private func copy(to temporary: String) throws(StorageError) {
        let copy: SQLiteDatabase
        do {
            copy = try SQLiteDatabase(path: temporary)
        } catch {
            throw .other("cannot back up: cannot create \(temporary): \(error)")
        }
        defer { copy.close() }
        guard let backup = sqlite3_backup_init(copy.pointer, "main", database.pointer, "main") else {
            throw copy.error(copy.lastErrorCode)
        }
        // -1: every page in one step. Only this thread writes the source, but another program's lock can make a
        // step busy: wait a little and go on, as SQLite's documentation does.
        var code = sqlite3_backup_step(backup, -1)
        var waits = 0
        while (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_OK) && waits < 200 {
            sqlite3_sleep(25)
            waits += 1
            code = sqlite3_backup_step(backup, -1)
        }
        let finished = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else { throw copy.error(code) }
        guard finished == SQLITE_OK else { throw copy.error(finished) }
        let check = try copy.text("PRAGMA integrity_check(1)") ?? "no answer"
        guard check == "ok" else { throw .corrupt("the backup copy \(temporary) fails integrity_check: \(check)") }
        _ = try copy.text("PRAGMA journal_mode = DELETE")
    }

    /// Whether two paths name the same file (a link, a second path to it).
    static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat()
        var b = stat()
        return stat(first, &a) == 0 && stat(second, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}

import Glibc
import Storage
import Synchronization

/// Keeps a second server off a database file: an exclusive `flock(2)` on a descriptor of the file, held from
/// before SQLite opens it until after SQLite has closed it.
///
/// SQLite's own locks are POSIX record locks (`fcntl`), which `flock` locks do not interact with on Linux, so this
/// lock costs SQLite nothing. POSIX locks have one trap: closing *any* descriptor of a file drops every POSIX
/// lock the process holds on it, SQLite's included. So a store in this process that finds the file already open
/// here must fail without ever opening (and then closing) a descriptor of it: a process-wide registry of the files
/// held answers that first, and `flock` answers for other processes.
final class DatabaseFileLock {
    /// A file as the kernel knows it, whatever path (or link) reached it.
    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// The files this process holds a lock on.
    private static let held = Mutex<Set<FileIdentity>>([])

    private let descriptor: Int32
    private let identity: FileIdentity
    private var isHeld = true

    /// Takes the lock on `path`, creating an empty file there if there is none (SQLite reads an empty file as a new
    /// database). Throws ``StorageOpenError/Kind/locked`` when this or another process holds it.
    init(path: String) throws(StorageOpenError) {
        var info = stat()
        let existed = stat(path, &info) == 0
        if existed, Self.held.withLock({ $0.contains(FileIdentity(info)) }) {
            throw Self.alreadyOpenHere(path)
        }
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            let why = String(cString: strerror(code))
            switch code {
            case ENOENT, ENOTDIR:
                throw StorageOpenError(.missingDirectory, "cannot create \(path): \(why): create its directory first")
            case EACCES where existed:
                throw StorageOpenError(.unreadable, "cannot read \(path): \(why): give the server's user read access")
            case EACCES, EROFS, EPERM:
                throw StorageOpenError(
                    .readOnly, "cannot create \(path): \(why): make its directory writable, or choose another path")
            default:
                throw StorageOpenError(.other, "cannot open \(path): \(why)")
            }
        }
        guard fstat(descriptor, &info) == 0 else {
            let why = String(cString: strerror(errno))
            close(descriptor)
            throw StorageOpenError(.other, "cannot stat \(path): \(why)")
        }
        let identity = FileIdentity(info)
        guard Self.held.withLock({ $0.insert(identity).inserted }) else {
            // Another store here opened it since the check above: leaking this descriptor is better than closing
            // it, which would drop that store's SQLite locks (see the type's documentation). It cannot happen to
            // the server, which opens one store.
            throw Self.alreadyOpenHere(path)
        }
        if !Self.lock(descriptor) {
            let code = errno
            Self.held.withLock { _ = $0.remove(identity) }
            close(descriptor)
            if code == EWOULDBLOCK {
                throw StorageOpenError(
                    .locked,
                    "\(path) is in use by another process (another wirequest server?): stop it, or use another file")
            }
            throw StorageOpenError(.other, "cannot lock \(path): \(String(cString: strerror(code)))")
        }
        self.descriptor = descriptor
        self.identity = identity
    }

    deinit { release() }

    /// Takes the `flock`, trying for a fifth of a second before giving up: a descriptor another process holds only
    /// for a moment (a child between `fork` and `exec`, which closes it then, or a server just exiting) does not
    /// make the file look taken. False with `errno` set when it stays taken or the call fails.
    private static func lock(_ descriptor: Int32) -> Bool {
        for attempt in 0..<20 {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
            guard errno == EWOULDBLOCK, attempt < 19 else { return false }
            usleep(10_000)
        }
        return false
    }

    /// Closes the descriptor, which ends the `flock`. Call only after SQLite has closed the database.
    func release() {
        guard isHeld else { return }
        isHeld = false
        close(descriptor)
        Self.held.withLock { _ = $0.remove(identity) }
    }

    private static func alreadyOpenHere(_ path: String) -> StorageOpenError {
        StorageOpenError(.locked, "\(path) is already open in this process: close that store first")
    }
}

@available(*, unavailable) extension DatabaseFileLock: Sendable {}

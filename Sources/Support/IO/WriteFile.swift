import Glibc

/// Writes all of `bytes` to `fd`, retrying after signals and partial writes. Returns false on any other error:
/// the callers (log lines, terminal output) have nowhere better to report it.
@discardableResult
package func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}

/// Why `writeFile` failed: the path and the `errno` text.
package struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: String
    package var reason: String

    package var description: String { "\(path): \(reason)" }
}

/// Writes `bytes` to `path`, replacing what was there; a new file gets `mode` (0644 by default, 0600 for private
/// files such as the admin console's history).
package func writeFile(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(FileWriteError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard fd >= 0 else { throw FileWriteError(path: path, reason: "cannot open: \(errnoText())") }
    defer { close(fd) }
    guard writeAll(fd, bytes) else { throw FileWriteError(path: path, reason: "cannot write: \(errnoText())") }
}

/// Creates `path` as a directory (mode 0755) unless it exists.
package func makeDirectory(_ path: String) throws(FileWriteError) {
    if mkdir(path, 0o755) != 0 && errno != EEXIST {
        throw FileWriteError(path: path, reason: "cannot create directory: \(errnoText())")
    }
}

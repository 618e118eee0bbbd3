import Glibc

/// Why `readFile` failed: the path, what was being done and the `errno` text, if any.
package struct FileReadError: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: String
    package var reason: String

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    package var description: String { "\(path): \(reason)" }
}

/// Files larger than this are refused by `readFile`: configuration and maps are far smaller, and reading a huge
/// file whole by mistake would be worse than an error.
package let maxReadFileSize = 64 * 1024 * 1024

/// Reads a whole regular file into memory, refusing directories and anything over `limit` bytes.
///
/// The size from `fstat` is only a hint: the file is read until end of file, so files that grow, shrink or report
/// size 0 (like those in /proc) still come back whole, and the limit still holds.
package func readFile(_ path: String, limit: Int = maxReadFileSize) throws(FileReadError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileReadError(path: path, reason: "cannot open: \(errnoText())") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileReadError(path: path, reason: "cannot stat: \(errnoText())") }
    guard info.st_mode & S_IFMT != S_IFDIR else { throw FileReadError(path: path, reason: "is a directory") }
    guard info.st_size <= limit else {
        throw FileReadError(path: path, reason: "is \(info.st_size) bytes, more than the \(limit)-byte limit")
    }

    // One byte of headroom lets a file of exactly the expected size reach end of file without a second buffer.
    var capacity = max(Int(info.st_size) + 1, 4096)
    var bytes = [UInt8](repeating: 0, count: capacity)
    var count = 0
    while true {
        if count == capacity {
            guard capacity <= limit else {
                throw FileReadError(path: path, reason: "is more than the \(limit)-byte limit")
            }
            capacity = min(capacity * 2, limit + 1)
            bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count))
        }
        let got = bytes.withUnsafeMutableBytes { buffer in
            read(fd, buffer.baseAddress! + count, capacity - count)
        }
        if got < 0 {
            if errno == EINTR { continue }
            throw FileReadError(path: path, reason: "cannot read: \(errnoText())")
        }
        if got == 0 { break }
        count += got
    }
    guard count <= limit else { throw FileReadError(path: path, reason: "is more than the \(limit)-byte limit") }
    bytes.removeSubrange(count...)
    return bytes
}

func errnoText() -> String { String(cString: strerror(errno)) }

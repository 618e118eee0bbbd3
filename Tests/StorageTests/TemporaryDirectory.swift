import Glibc

/// A directory under /tmp made with mkdtemp and removed, with everything in it, on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/wq-storage-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw FixtureError(what: "mkdtemp") }
        path = String(cString: made)
    }

    deinit { Self.remove(path) }

    /// `path/relative`.
    func file(_ relative: String) -> String { path + "/" + relative }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let fd = open(file(relative), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FixtureError(what: "open \(relative)") }
        defer { close(fd) }
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw FixtureError(what: "write \(relative)")
        }
    }

    /// Overwrites `bytes.count` bytes of an existing file at `offset`.
    func overwrite(_ relative: String, at offset: Int, with bytes: [UInt8]) throws {
        let fd = open(file(relative), O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FixtureError(what: "open \(relative)") }
        defer { close(fd) }
        guard bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }) == bytes.count else {
            throw FixtureError(what: "pwrite \(relative)")
        }
    }

    func size(_ relative: String) -> Int {
        var info = stat()
        return stat(file(relative), &info) == 0 ? Int(info.st_size) : -1
    }

    func exists(_ relative: String) -> Bool {
        var info = stat()
        return stat(file(relative), &info) == 0
    }

    private static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            if let dir = opendir(path) {
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name != "." && name != ".." { remove(path + "/" + name) }
                }
                closedir(dir)
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

struct FixtureError: Error {
    var what: String
}

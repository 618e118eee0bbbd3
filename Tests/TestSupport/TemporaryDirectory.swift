import Glibc

/// A directory under /tmp made with mkdtemp and removed, with everything in it, on deinit.
package final class TemporaryDirectory {
    package let path: String

    package init() throws {
        var template = Array("/tmp/wq-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw FixtureError(what: "mkdtemp") }
        path = String(cString: made)
    }

    deinit { Self.remove(path) }

    /// `path/relative`.
    package func file(_ relative: String) -> String { path + "/" + relative }

    package func makeDirectory(_ relative: String) throws {
        guard mkdir(file(relative), 0o755) == 0 else { throw FixtureError(what: "mkdir \(relative)") }
    }

    /// Writes `contents` to `relative` and returns the file's path.
    @discardableResult
    package func write(_ relative: String, _ contents: String, mode: mode_t = 0o644) throws -> String {
        try write(relative, Array(contents.utf8), mode: mode)
    }

    @discardableResult
    package func write(_ relative: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws -> String {
        let fd = open(file(relative), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FixtureError(what: "open \(relative)") }
        defer { close(fd) }
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw FixtureError(what: "write \(relative)")
        }
        return file(relative)
    }

    /// Overwrites `bytes.count` bytes of an existing file at `offset`.
    package func overwrite(_ relative: String, at offset: Int, with bytes: [UInt8]) throws {
        let fd = open(file(relative), O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FixtureError(what: "open \(relative)") }
        defer { close(fd) }
        guard bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }) == bytes.count else {
            throw FixtureError(what: "pwrite \(relative)")
        }
    }

    package func symlink(_ relative: String, to target: String) throws {
        guard Glibc.symlink(target, file(relative)) == 0 else { throw FixtureError(what: "symlink \(relative)") }
    }

    /// Sets access and modification times to `seconds` since 1970.
    package func setModificationTime(_ relative: String, seconds: Int) throws {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        guard utimensat(AT_FDCWD, file(relative), &times, 0) == 0 else {
            throw FixtureError(what: "utimensat \(relative)")
        }
    }

    /// The file's size in bytes, or -1 when it does not exist.
    package func size(_ relative: String) -> Int {
        var info = stat()
        return stat(file(relative), &info) == 0 ? Int(info.st_size) : -1
    }

    package func exists(_ relative: String) -> Bool {
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

/// A test fixture could not be set up.
package struct FixtureError: Error {
    package var what: String
    package init(what: String) { self.what = what }
}

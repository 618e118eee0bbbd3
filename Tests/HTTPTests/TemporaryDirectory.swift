import Glibc

/// A directory under /tmp made with mkdtemp and removed recursively on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/wq-http-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw FixtureError(what: "mkdtemp") }
        path = String(cString: made)
    }

    deinit { Self.remove(path) }

    func makeDirectory(_ relative: String) throws {
        guard mkdir(path + "/" + relative, 0o755) == 0 else { throw FixtureError(what: "mkdir \(relative)") }
    }

    func write(_ relative: String, _ contents: String, mode: mode_t = 0o644) throws {
        let fd = open(path + "/" + relative, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FixtureError(what: "open \(relative)") }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw FixtureError(what: "write \(relative)")
        }
    }

    func symlink(_ relative: String, to target: String) throws {
        guard Glibc.symlink(target, path + "/" + relative) == 0 else { throw FixtureError(what: "symlink \(relative)") }
    }

    /// Sets access and modification times to `seconds` since 1970.
    func setModificationTime(_ relative: String, seconds: Int) throws {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        guard utimensat(AT_FDCWD, path + "/" + relative, &times, 0) == 0 else {
            throw FixtureError(what: "utimensat \(relative)")
        }
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

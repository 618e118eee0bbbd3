import Glibc
import Testing

@testable import Support

@Suite struct WriteFileTests {
    @Test func writesReplacesAndReadsBackWithTheMode() throws {
        let path = "/tmp/wq-write-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        try writeFile(Array("first, longer".utf8), to: path, mode: 0o600)
        try writeFile(Array("second".utf8), to: path, mode: 0o600)
        #expect(try readFile(path) == Array("second".utf8))
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func reportsWhereItCannotWrite() {
        #expect(throws: FileWriteError.self) { try writeFile([1], to: "/nonexistent-dir/x") }
    }

    @Test func writeAllWritesEverythingToAPipe() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let bytes = (0..<50_000).map { UInt8(truncatingIfNeeded: $0) }
        // Larger than a pipe buffer needs no reader here: 50 KB fits in Linux's default 64 KiB pipe.
        #expect(writeAll(fds[1], bytes))
        close(fds[1])
        var read: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fds[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            read += buffer[0..<n]
        }
        #expect(read == bytes)
        #expect(!writeAll(-1, [1]))
    }
}

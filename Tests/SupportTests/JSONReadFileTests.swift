import Glibc
import Support
import Testing

/// `readFile`, the loader behind every JSON file the server reads.
struct JSONReadFileTests {
    @Test func readsAWholeFile() throws {
        let contents = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = try JSONTemporaryFile(contents)
        #expect(try readFile(file.path) == contents)
        let empty = try JSONTemporaryFile([])
        #expect(try readFile(empty.path) == [])
    }

    @Test func readsThenParses() throws {
        let file = try JSONTemporaryFile(Array(#"{"port": 8000}"#.utf8))
        #expect(try JSONParser.parse(readFile(file.path))["port"]?.int == 8000)
    }

    @Test func enforcesTheSizeLimit() throws {
        let file = try JSONTemporaryFile([UInt8](repeating: 0x20, count: 100))
        #expect(try readFile(file.path, limit: 100).count == 100)
        #expect(throws: FileReadError.self) { try readFile(file.path, limit: 99) }
    }

    @Test func readsFilesThatReportSizeZero() throws {
        let bytes = try readFile("/proc/self/status")
        #expect(String(decoding: bytes, as: UTF8.self).contains("Name:"))
    }

    @Test func reportsMissingFilesAndDirectories() {
        #expect {
            try readFile("/nonexistent/wq.json")
        } throws: { error in
            let error = error as? FileReadError
            return error?.path == "/nonexistent/wq.json" && error?.description.contains("cannot open") == true
        }
        #expect(throws: FileReadError(path: "/tmp", reason: "is a directory")) { try readFile("/tmp") }
    }
}

/// A file under /tmp made with mkstemp, unlinked on deinit.
private final class JSONTemporaryFile {
    let path: String

    init(_ contents: [UInt8]) throws {
        var template = Array("/tmp/wq-json-test-XXXXXX".utf8)
        template.append(0)
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mkstemp($0.baseAddress!) }
        }
        try #require(fd >= 0)
        path = String(decoding: template.dropLast(), as: UTF8.self)
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try #require(written == contents.count)
    }

    deinit { unlink(path) }
}

import CZlib
import Glibc
import TestSupport
import Testing

@testable import HTTP

/// Gunzips with the system zlib, to check what the server sends decodes to the file.
private func gunzip(_ bytes: [UInt8]) -> [UInt8]? {
    guard let inflater = ZlibInflater(windowBits: 31) else { return nil }
    var out: [UInt8] = []
    let outcome = bytes.withUnsafeBytes { inflater.inflate($0, into: &out, limit: 1 << 24) }
    guard case .streamEnd(unusedInput: 0) = outcome else { return nil }
    return out
}

/// Static files gzipped for clients that accept it: compressed once, cached by path, size and mtime.
final class StaticGzipTests {
    let tree: TemporaryDirectory
    let files: StaticFiles
    static let script = String(repeating: "function move(x, y) { return [4, x, y]; }\n", count: 40)

    init() throws {
        tree = try TemporaryDirectory()
        try tree.makeDirectory("Public")
        try tree.write("Public/game.js", Self.script)
        try tree.write("Public/tiny.css", "body{}")
        try tree.write("Public/art.png", String(repeating: "png? ", count: 200))
        files = StaticFiles(mounts: [.init(urlPrefix: "/", directory: tree.path + "/Public")])
    }

    func get(_ target: String, method: HTTPMethod = .get, _ headers: [(String, String)]) -> StaticResponse {
        let head = HTTPRequestHead(
            method: method, target: target, version: .http1_1, headers: HTTPHeaders([("Host", "a")] + headers))
        return files.response(for: head, keepAlive: true)
    }

    @Test func gzipForClientsThatAcceptIt() throws {
        let response = get("/game.js", [("Accept-Encoding", "gzip, deflate, br")])
        let headers = response.head.headers
        #expect(response.status == 200)
        #expect(headers[first: "Content-Encoding"] == "gzip")
        #expect(headers[first: "Vary"] == "Accept-Encoding")
        #expect(headers[first: "Content-Type"] == "text/javascript; charset=utf-8")
        #expect(headers[first: "Content-Length"] == String(response.body.count))
        #expect(response.body.count < Self.script.utf8.count / 10)
        #expect(try #require(gunzip(response.body)) == Array(Self.script.utf8))
        #expect(headers[first: "ETag"]?.hasSuffix("-gz\"") == true)
    }

    @Test func identityVariantVariesTooWithItsOwnETag() {
        let plain = get("/game.js", [])
        let gzipped = get("/game.js", [("Accept-Encoding", "gzip")])
        #expect(plain.head.headers[first: "Content-Encoding"] == nil)
        #expect(plain.head.headers[first: "Vary"] == "Accept-Encoding")
        #expect(plain.body == Array(Self.script.utf8))
        #expect(plain.head.headers[first: "ETag"] != gzipped.head.headers[first: "ETag"])
    }

    @Test(arguments: [
        ("gzip;q=0", false), ("gzip; q=0.000", false), ("*;q=0.5", true), ("*, gzip;q=0", false),
        ("identity", false), ("GZIP;Q=0.1", true), ("x-gzip", true), ("br, *;q=0", false), ("deflate", false),
    ])
    func acceptEncodingQValues(field: String, gzip: Bool) {
        #expect(GzipCache.acceptsGzip(HTTPHeaders([("Accept-Encoding", field)])) == gzip)
        let response = get("/game.js", [("Accept-Encoding", field)])
        #expect((response.head.headers[first: "Content-Encoding"] == "gzip") == gzip)
    }

    @Test func headAndNotModifiedUseTheGzipVariant() throws {
        let full = get("/game.js", [("Accept-Encoding", "gzip")])
        let head = get("/game.js", method: .head, [("Accept-Encoding", "gzip")])
        #expect(head.body.isEmpty)
        #expect(head.head.headers[first: "Content-Length"] == String(full.body.count))
        #expect(head.head.headers[first: "Content-Encoding"] == "gzip")
        let etag = try #require(full.head.headers[first: "ETag"])
        let cached = get("/game.js", [("Accept-Encoding", "gzip"), ("If-None-Match", etag)])
        #expect(cached.status == 304 && cached.body.isEmpty)
        #expect(cached.head.headers[first: "Vary"] == "Accept-Encoding")
        // The gzip validator does not match the identity variant.
        #expect(get("/game.js", [("If-None-Match", etag)]).status == 200)
    }

    @Test func compressedOnceAndRecompressedAfterAnEdit() throws {
        _ = get("/game.js", [("Accept-Encoding", "gzip")])
        let cache = try #require(files.gzipCache)
        let held = cache.byteCount
        #expect(held > 0)
        _ = get("/game.js", [("Accept-Encoding", "gzip")])
        #expect(cache.byteCount == held)
        let edited = Self.script + "// edited\n"
        try tree.write("Public/game.js", edited)
        let response = get("/game.js", [("Accept-Encoding", "gzip")])
        #expect(try #require(gunzip(response.body)) == Array(edited.utf8))
        #expect(cache.byteCount != held)
    }

    @Test func imagesAndTinyFilesAreSentAsTheyAre() {
        for target in ["/art.png", "/tiny.css"] {
            let response = get(target, [("Accept-Encoding", "gzip")])
            #expect(response.status == 200)
            #expect(response.head.headers[first: "Content-Encoding"] == nil)
        }
        #expect(get("/art.png", []).head.headers[first: "Vary"] == nil)
    }

    @Test func cacheStaysWithinItsBudget() {
        let cache = GzipCache(budget: 100, maxEntries: 2)
        let text = Array(String(repeating: "abc", count: 1000).utf8)
        for index in 0..<5 {
            _ = cache.gzipped(path: "/f\(index)", size: text.count, modified: 1) { text }
            #expect(cache.byteCount <= 100)
        }
        #expect(cache.byteCount > 0)
    }
}

import TestSupport
import Testing

@testable import HTTP

/// StaticFiles against a tree built per test:
/// `Public/{index.html, style.css, js/a.js, sub/index.html, empty/, inside -> js/a.js, outside -> /etc/passwd,
/// etc -> /etc}`, `Maps/x.tmj`, and `secret.txt` beside the mounts.
final class StaticFilesTests {
    let tree: TemporaryDirectory
    let files: StaticFiles
    static let modified = 1_700_000_000  // Tue, 14 Nov 2023 22:13:20 GMT

    init() throws {
        tree = try TemporaryDirectory()
        for dir in ["Public", "Public/js", "Public/sub", "Public/empty", "Maps"] { try tree.makeDirectory(dir) }
        try tree.write("Public/index.html", "<h1>home</h1>\n")
        try tree.write("Public/style.css", "body{}")
        try tree.write("Public/js/a.js", "let a = 1\n")
        try tree.write("Public/sub/index.html", "sub index")
        try tree.write("Maps/x.tmj", "{\"width\":1}")
        try tree.write("secret.txt", "top secret")
        try tree.symlink("Public/inside", to: "js/a.js")
        try tree.symlink("Public/outside", to: "/etc/passwd")
        try tree.symlink("Public/etc", to: "/etc")
        try tree.symlink("Public/up", to: "../secret.txt")
        try tree.setModificationTime("Public/js/a.js", seconds: Self.modified)
        files = StaticFiles(
            mounts: [
                .init(urlPrefix: "/", directory: tree.path + "/Public"),
                .init(urlPrefix: "/maps/", directory: tree.path + "/Maps"),
                .init(urlPrefix: "/missing/", directory: tree.path + "/Nowhere"),
            ],
            cacheControl: "max-age=60")
    }

    func get(
        _ target: String, method: HTTPMethod = .get, headers: [(String, String)] = [], keepAlive: Bool = true
    ) -> StaticResponse {
        let head = HTTPRequestHead(
            method: method, target: target, version: .http1_1, headers: HTTPHeaders([("Host", "a")] + headers))
        return files.response(for: head, keepAlive: keepAlive)
    }

    func text(_ response: StaticResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test(arguments: [
        ("/", "<h1>home</h1>\n", "text/html; charset=utf-8"),
        ("/index.html", "<h1>home</h1>\n", "text/html; charset=utf-8"),
        ("/style.css", "body{}", "text/css; charset=utf-8"),
        ("/js/a.js", "let a = 1\n", "text/javascript; charset=utf-8"),
        ("/js//a.js?v=3", "let a = 1\n", "text/javascript; charset=utf-8"),
        ("/%6As/a.js", "let a = 1\n", "text/javascript; charset=utf-8"),
        ("/sub/", "sub index", "text/html; charset=utf-8"),
        ("/maps/x.tmj", "{\"width\":1}", "application/json"),
        ("/inside", "let a = 1\n", "application/octet-stream"),
    ])
    func servesFiles(_ target: String, _ body: String, _ contentType: String) {
        let response = get(target)
        #expect(response.status == 200)
        #expect(text(response) == body)
        #expect(response.head.headers[first: "Content-Type"] == contentType)
        #expect(response.head.headers[first: "Content-Length"] == String(body.utf8.count))
        #expect(response.head.headers[first: "Cache-Control"] == "max-age=60")
        #expect(response.head.headers[first: "Connection"] == nil)
    }

    @Test func validatorsDescribeTheFile() throws {
        let response = get("/js/a.js", keepAlive: false)
        #expect(response.head.headers[first: "Last-Modified"] == "Tue, 14 Nov 2023 22:13:20 GMT")
        let nanoseconds = String(Self.modified * 1_000_000_000, radix: 16)
        #expect(response.head.headers[first: "ETag"] == "\"a-\(nanoseconds)\"")
        #expect(response.head.headers[first: "Connection"] == "close")
    }

    @Test(arguments: [
        "/nope.txt", "/js/nope.js", "/empty/", "/js/a.js/", "/missing/a.js", "/missing/", "/outside", "/etc/passwd",
        "/etc", "/etc/", "/up",
    ])
    func notFoundOrOutsideIs404(_ target: String) {
        let response = get(target)
        #expect(response.status == 404)
        #expect(!text(response).contains("root:"))
    }

    @Test(arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/js/%2E%2e/%2e%2e/secret.txt", "/%00", "/a%2fb",
        "/foo%zz", "/a\\..\\secret.txt", "/maps/../x",
    ])
    func traversalIs400(_ target: String) {
        let response = get(target)
        #expect(response.status == 400)
        #expect(text(response) == "400 Bad Request\n")
    }

    @Test(arguments: [
        ("/sub", "/sub/"), ("/maps", "/maps/"), ("/sub?x=1", "/sub/?x=1"), ("//sub", "/sub/"),
        ("/js", "/js/"),
    ])
    func directoryWithoutSlashRedirects(_ target: String, _ location: String) {
        let response = get(target)
        #expect(response.status == 301)
        #expect(response.head.headers[first: "Location"] == location)
    }

    @Test func headHasGetHeadersWithoutBody() {
        let getResponse = get("/js/a.js")
        let headResponse = get("/js/a.js", method: .head)
        #expect(headResponse.status == 200)
        #expect(headResponse.body.isEmpty)
        #expect(headResponse.head.headers == getResponse.head.headers)
        #expect(get("/nope", method: .head).body.isEmpty)
    }

    @Test func otherMethodsAre405Or501() {
        for method in [HTTPMethod.post, .put, .delete, .options] {
            let response = get("/js/a.js", method: method)
            #expect(response.status == 405)
            #expect(response.head.headers[first: "Allow"] == "GET, HEAD")
        }
        #expect(get("/", method: .other("BREW")).status == 501)
    }

    @Test func ifNoneMatchGives304() throws {
        let etag = try #require(get("/js/a.js").head.headers[first: "ETag"])
        for value in [etag, "W/" + etag, "\"other\", " + etag, "*"] {
            let response = get("/js/a.js", headers: [("If-None-Match", value)])
            #expect(response.status == 304)
            #expect(response.body.isEmpty)
            #expect(response.head.headers[first: "ETag"] == etag)
            #expect(response.head.headers[first: "Last-Modified"] != nil)
            #expect(response.head.headers[first: "Cache-Control"] == "max-age=60")
            #expect(response.head.headers[first: "Content-Length"] == nil)
        }
        // A non-matching If-None-Match wins over a matching If-Modified-Since (RFC 9110 §13.2.2).
        let conditions = [("If-None-Match", "\"other\""), ("If-Modified-Since", "Sun, 01 Jan 2090 00:00:00 GMT")]
        let stale = get("/js/a.js", headers: conditions)
        #expect(stale.status == 200)
        #expect(text(stale) == "let a = 1\n")
    }

    @Test func ifModifiedSinceGives304WhenNotNewer() {
        let same = get("/js/a.js", headers: [("If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT")])
        #expect(same.status == 304)
        #expect(same.body.isEmpty)
        let later = get("/js/a.js", headers: [("If-Modified-Since", "Wed, 15 Nov 2023 00:00:00 GMT")])
        #expect(later.status == 304)
        let earlier = get("/js/a.js", headers: [("If-Modified-Since", "Tue, 14 Nov 2023 22:13:19 GMT")])
        #expect(earlier.status == 200)
        let invalid = get("/js/a.js", headers: [("If-Modified-Since", "yesterday")])
        #expect(invalid.status == 200)
        let sameDate = [("If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT")]
        let headRequest = get("/js/a.js", method: .head, headers: sameDate)
        #expect(headRequest.status == 304)
    }

    @Test func missingMountDirectoryIsAllowed() {
        let empty = StaticFiles(mounts: [.init(urlPrefix: "/", directory: "/nonexistent/wq-http")])
        let head = HTTPRequestHead(method: .get, target: "/", version: .http1_1, headers: HTTPHeaders())
        #expect(empty.response(for: head, keepAlive: true).status == 404)
    }
}

import HTTP
import NetCore
import TestSupport
import Testing
import Web

/// The HTTP side of the server over real loopback sockets.
@Suite(.serialized)
struct HTTPServerTests {
    @Test func servesIndexForRootAsHTML() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (head, body) = try server.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(head.status.code == 200)
        #expect(head.headers[first: "Content-Type"] == "text/html; charset=utf-8")
        #expect(body.contains("<title>WireQuest</title>"))
        #expect(head.headers[first: "ETag"] != nil)
        #expect(head.headers[first: "Last-Modified"] != nil)
        #expect(head.headers[first: "Cache-Control"] != nil)
    }

    @Test func servesScriptsAndMapsWithTheirTypes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let js = try server.request("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(js.head.headers[first: "Content-Type"] == "text/javascript; charset=utf-8")
        let map = try server.request("GET /maps/world.tmj HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(map.head.status.code == 200)
        #expect(map.head.headers[first: "Content-Type"] == "application/json")
        #expect(map.body == "{\"width\":1}\n")
    }

    @Test func answersConditionalRequestsWith304() throws {
        let server = try TestServer()
        defer { server.stop() }
        let first = try server.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let etag = try #require(first.head.headers[first: "ETag"])
        let modified = try #require(first.head.headers[first: "Last-Modified"])
        let byTag = try server.request("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(etag)\r\n\r\n")
        #expect(byTag.head.status.code == 304)
        #expect(byTag.body.isEmpty)
        let byDate = try server.request("GET / HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: \(modified)\r\n\r\n")
        #expect(byDate.head.status.code == 304)
    }

    @Test(arguments: [
        "/../Package.swift", "/%2e%2e/Package.swift", "/%2E%2E/Package.swift", "/maps/../../Package.swift",
        "/.%2e/Package.swift",
    ])
    func refusesTraversal(path: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let (head, body) = try server.request("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(head.status.code != 200)
        #expect(!body.contains("secret"))
    }

    @Test func answersHealthCheckAndHead() throws {
        let server = try TestServer()
        defer { server.stop() }
        let health = try server.request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(health.head.status.code == 200)
        #expect(health.body == "ok\n")
        let socket = try server.connect()
        try socket.send("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let raw = String(decoding: try socket.receiveUntilClosed(), as: UTF8.self)
        #expect(raw.hasPrefix("HTTP/1.1 200"))
        #expect(raw.hasSuffix("\r\n\r\n"))  // headers only, though Content-Length is the file's
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let socket = try server.connect()
        try socket.send(
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /app.js HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try HTTPTestClient.readResponse(socket).head.status.code == 200)
        #expect(try HTTPTestClient.readResponse(socket).body == "export const answer = 42;\n")
        #expect(try HTTPTestClient.readResponse(socket).head.status.code == 404)
    }

    @Test(arguments: [
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("\u{1}\u{2}garbage\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400),
    ])
    func rejectsBadRequestsWithTheRightStatus(request: String, status: Int) throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try server.request(request).head.status.code == status)
    }

    @Test func enforcesRequestLineAndHeaderLimits() throws {
        let server = try TestServer()
        defer { server.stop() }
        let longLine = "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(try server.request(longLine).head.status.code == 414)
        let manyFields = (0..<101).map { "X-F\($0): y\r\n" }.joined()
        #expect(try server.request("GET / HTTP/1.1\r\nHost: x\r\n\(manyFields)\r\n").head.status.code == 431)
        let bigField = "X-Big: " + String(repeating: "b", count: 33 * 1024) + "\r\n"
        #expect(try server.request("GET / HTTP/1.1\r\nHost: x\r\n\(bigField)\r\n").head.status.code == 431)
    }

    @Test func neverEndingRequestLineCostsOnlyItsConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        let socket = try server.connect()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        try socket.send(Array("GET /".utf8))
        var refused = false
        for _ in 0..<160 {  // up to 10 MB
            do { try socket.send(chunk) } catch {
                refused = true
                break
            }
        }
        let answer = String(decoding: try socket.receiveUntilClosed(), as: UTF8.self)
        #expect(refused || answer.hasPrefix("HTTP/1.1 414"))
        #expect(try server.request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").head.status.code == 200)
    }

    @Test func randomBytesCostOnlyTheirConnection() throws {
        let server = try TestServer()
        defer { server.stop() }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let socket = try server.connect()
            let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try? socket.send(garbage)
            _ = try? socket.receiveUntilClosed()
        }
        #expect(try server.request("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").head.status.code == 200)
    }

    @Test func slowRequestHeadTimesOutWith408() throws {
        let server = try TestServer { $0.headerTimeout = .milliseconds(300) }
        defer { server.stop() }
        let socket = try server.connect()
        try socket.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let answer = String(decoding: try socket.receiveUntilClosed(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 408"))
    }

    @Test func closesIdleKeepAliveConnections() throws {
        let server = try TestServer { $0.keepAliveTimeout = .milliseconds(300) }
        defer { server.stop() }
        let socket = try server.connect()
        try socket.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try HTTPTestClient.readResponse(socket)
        #expect(try socket.receiveUntilClosed().isEmpty)
    }
}

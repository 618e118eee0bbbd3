import Glibc
import HTTP
import NetCore
import Support
import TestSupport
import Web
import WebSocket

/// A server on 127.0.0.1, port 0, serving a temporary Public/ and Maps/ and an echo service that greets `go`.
final class TestServer {
    let server: WebServer
    let group: EventLoopGroup
    let address: SocketAddress
    let root: String

    init(
        threads: Int = 2, outputBudget: OutputBudget = OutputBudget(),
        configure: (inout WebServerConfiguration) -> Void = { _ in }
    ) throws {
        var template = Array("/tmp/wq-web-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw IOError(errnoCode: errno, function: "mkdtemp") }
        root = String(cString: made)
        mkdir(root + "/Public", 0o755)
        mkdir(root + "/Maps", 0o755)
        try Self.write(root + "/Public/index.html", "<!doctype html><title>WireQuest</title>\n")
        try Self.write(root + "/Public/app.js", "export const answer = 42;\n")
        try Self.write(root + "/Maps/world.tmj", "{\"width\":1}\n")
        try Self.write(root + "/Package.swift", "secret\n")
        var configuration = WebServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = threads
        configuration.serveFiles(publicDirectory: root + "/Public", mapsDirectory: root + "/Maps")
        configure(&configuration)
        group = try EventLoopGroup(threadCount: threads, outputBudget: outputBudget)
        let service = EchoService(mode: .echo, group: group, greeting: "go")
        server = WebServer(configuration: configuration, group: group, webSocketService: service)
        address = try server.start()
    }

    func stop() {
        server.stop()
        _ = system("rm -rf '\(root)'")
    }

    static func write(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw IOError(errnoCode: errno, function: "open \(path)") }
        defer { close(fd) }
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    func connect() throws -> BlockingSocket { try BlockingSocket(connectingTo: address) }

    /// Sends one raw request and reads one response head plus its body (by Content-Length).
    func request(_ raw: String) throws -> (head: HTTPResponseHead, body: String) {
        let socket = try connect()
        try socket.send(raw)
        return try HTTPTestClient.readResponse(socket)
    }
}

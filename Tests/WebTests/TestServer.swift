import Glibc
import HTTP
import NetCore
import Support
import Web
import WebSocket

/// A server on 127.0.0.1, port 0, serving a temporary Public/ and Maps/ and an echo service that greets `go`.
final class TestServer {
    let server: WebServer
    let group: EventLoopGroup
    let address: SocketAddress
    let root: String

    init(threads: Int = 2, configure: (inout WebServerConfiguration) -> Void = { _ in }) throws {
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
        group = try EventLoopGroup(threadCount: threads)
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
        return try Self.readResponse(socket)
    }

    static func readResponse(_ socket: BlockingSocket) throws -> (head: HTTPResponseHead, body: String) {
        var parser = HTTPResponseParser()
        var buffered: [UInt8] = []
        while true {
            let chunk = try socket.receive(max: 1)
            if chunk.isEmpty { throw IOError(errnoCode: ECONNRESET, function: "response ended early") }
            buffered += chunk
            var index = 0
            let event = chunk.withUnsafeBytes { parser.next($0, index: &index) }
            switch event {
            case .needMore: continue
            case .error(let error): throw IOError(errnoCode: EPROTO, function: "bad response: \(error)")
            case .head(let head):
                let length = Int(head.headers[first: "Content-Length"] ?? "0") ?? 0
                let body = length > 0 ? try socket.receive(exactly: length) : []
                return (head, String(decoding: body, as: UTF8.self))
            }
        }
    }
}

/// A hand-driven WebSocket client over a blocking socket, for sending exact (even invalid) frames.
final class RawWebSocket {
    let socket: BlockingSocket
    private var parser = FrameParser(role: .client, maxFramePayload: 1 << 26)
    private var pending: [UInt8] = []

    init(_ server: TestServer, path: String = "/") throws {
        socket = try server.connect()
        try socket.send(
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let head = try socket.receive(until: Array("\r\n\r\n".utf8))
        let text = String(decoding: head, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.1 101"), text.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") else {
            throw IOError(errnoCode: EPROTO, function: "handshake: \(text)")
        }
    }

    func send(opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, mask: UInt32? = 0x3712_9AFE) throws {
        var frame: [UInt8] = []
        payload.withUnsafeBytes {
            FrameEncoder.writeFrame(fin: fin, opcode: opcode, payload: $0, maskingKey: mask, into: &frame)
        }
        try socket.send(frame)
    }

    func send(text: String, fin: Bool = true) throws { try send(opcode: .text, Array(text.utf8), fin: fin) }

    /// Reads the next whole frame from the server (nil when the connection ends).
    func receiveFrame() throws -> (opcode: WebSocketOpcode, fin: Bool, payload: [UInt8])? {
        var header: FrameHeader?
        var payload: [UInt8] = []
        while true {
            if pending.isEmpty {
                pending = try socket.receive()
                if pending.isEmpty { return nil }
            }
            var index = 0
            var done = false
            pending.withUnsafeMutableBytes { buffer in
                loop: while true {
                    switch parser.next(buffer, index: &index) {
                    case .needMore: break loop
                    case .header(let h): header = h
                    case .payload(let bytes, let isFrameEnd):
                        payload += bytes
                        if isFrameEnd {
                            done = true
                            break loop
                        }
                    case .failure: break loop
                    }
                }
            }
            pending.removeFirst(index)
            if done, let header { return (header.opcode, header.fin, payload) }
        }
    }

    /// The code of the next close frame, skipping other frames.
    func receiveCloseCode() throws -> UInt16? {
        while let frame = try receiveFrame() {
            if frame.opcode == .close {
                return frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil
            }
        }
        return nil
    }
}

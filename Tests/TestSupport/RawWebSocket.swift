import Glibc
import HTTP
import NetCore
import WebSocket

/// Reads HTTP responses from a blocking socket, one byte at a time so nothing after the response is consumed.
package enum HTTPTestClient {
    package static func readResponse(_ socket: BlockingSocket) throws -> (head: HTTPResponseHead, body: String) {
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
package final class RawWebSocket {
    package let socket: BlockingSocket
    private var parser: FrameParser
    private var pending: [UInt8] = []

    /// The server's answer to the upgrade, head only.
    package let handshake: String

    /// Upgrades a new connection to `path`, sending `cookie` (a `Cookie` field's value) when given, after `prefix`
    /// (a proxy's PROXY protocol header), offering `extensions` (a `Sec-WebSocket-Extensions` value) when given.
    package init(
        _ address: SocketAddress, path: String = "/", cookie: String? = nil, prefix: String = "",
        extensions offer: String? = nil
    ) throws {
        socket = try BlockingSocket(connectingTo: address)
        parser = FrameParser(role: .client, maxFramePayload: 1 << 26, allowsCompressedFrames: offer != nil)
        try socket.send(
            prefix + "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (cookie.map { "Cookie: \($0)\r\n" } ?? "")
                + (offer.map { "Sec-WebSocket-Extensions: \($0)\r\n" } ?? "") + "\r\n")
        let head = try socket.receive(until: Array("\r\n\r\n".utf8))
        handshake = String(decoding: head, as: UTF8.self)
        guard handshake.hasPrefix("HTTP/1.1 101"), handshake.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") else {
            throw IOError(errnoCode: EPROTO, function: "handshake: \(handshake)")
        }
    }

    /// The value the handshake's `Set-Cookie` gave the cookie called `name`, if it did.
    package func cookie(named name: String) -> String? {
        for line in handshake.split(separator: "\r\n")
        where line.lowercased().hasPrefix("set-cookie: \(name.lowercased())=") {
            let value = line.dropFirst("set-cookie: \(name)=".count)
            return String(value.prefix { $0 != ";" })
        }
        return nil
    }

    /// The extensions the server accepted (its `Sec-WebSocket-Extensions`), if any.
    package var extensions: String? {
        handshake.split(separator: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-extensions:") }
            .map { String($0.dropFirst("sec-websocket-extensions:".count).drop { $0 == " " }) }
    }

    package func send(
        opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, rsv1: Bool = false,
        mask: UInt32? = 0x3712_9AFE
    ) throws {
        var frame: [UInt8] = []
        payload.withUnsafeBytes {
            FrameEncoder.writeFrame(
                fin: fin, rsv1: rsv1, opcode: opcode, payload: $0, maskingKey: mask, into: &frame)
        }
        try socket.send(frame)
    }

    package func send(text: String, fin: Bool = true) throws { try send(opcode: .text, Array(text.utf8), fin: fin) }

    /// Drops the TCP connection without a closing handshake, as a closed browser tab does.
    package func disconnect() { Glibc.shutdown(socket.fd, Int32(SHUT_RDWR)) }

    /// Reads the next whole frame from the server (nil when the connection ends).
    package func receiveFrame() throws -> (opcode: WebSocketOpcode, fin: Bool, payload: [UInt8])? {
        try receiveFrameWithHeader().map { ($0.header.opcode, $0.header.fin, $0.payload) }
    }

    /// Reads the next whole frame with its header (RSV1 and all), nil when the connection ends.
    package func receiveFrameWithHeader() throws -> (header: FrameHeader, payload: [UInt8])? {
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
            if done, let header { return (header, payload) }
        }
    }

    /// The code of the next close frame, skipping other frames.
    package func receiveCloseCode() throws -> UInt16? {
        while let frame = try receiveFrame() {
            if frame.opcode == .close {
                return frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil
            }
        }
        return nil
    }
}

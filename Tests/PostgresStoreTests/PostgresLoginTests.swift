import Dispatch
import Glibc
import Support
import Synchronization
import Testing

@testable import PostgresStore

/// The login paths a real test server does not take (cleartext, MD5) and servers that misbehave, against a
/// scripted server on a loopback port.
@Suite struct PostgresLoginTests {
    @Test func cleartextPasswordLoginRecordsTheSessionsParameters() throws {
        let server = try ScriptedServer()
        let done = server.serve { client in
            _ = try client.readStartup()
            try client.send(PostgresWire.message("R", int32(3)))
            let password = try client.readMessage()
            try client.send(
                PostgresWire.message("R", int32(0)) + PostgresWire.message("K", int32(77) + int32(1234))
                    + PostgresWire.message("S", Array("server_version\u{0}15.9\u{0}".utf8))
                    + PostgresWire.message("Z", [UInt8(ascii: "I")]))
            return password
        }
        let connection = PostgresConnection(url: server.url(password: "secret"))
        try connection.connectIfNeeded()
        #expect(connection.backendProcessID == 77)
        #expect(connection.parameters["server_version"] == "15.9")
        #expect(try done() == .init(type: UInt8(ascii: "p"), body: Array("secret\u{0}".utf8)))
        connection.close()
    }

    @Test func md5LoginSendsTheSaltedDigest() throws {
        let server = try ScriptedServer()
        let done = server.serve { client in
            let startup = try client.readStartup()
            try client.send(PostgresWire.message("R", int32(5) + [1, 2, 3, 4]))
            let password = try client.readMessage()
            try client.send(PostgresWire.message("R", int32(0)) + PostgresWire.message("Z", [UInt8(ascii: "I")]))
            return BackendMessage(type: password.type, body: startup + [0xFF] + password.body)
        }
        let connection = PostgresConnection(url: server.url(password: "pencil"))
        try connection.connectIfNeeded()
        let seen = try done()
        let parts = seen.body.split(separator: 0xFF, maxSplits: 1)
        #expect(String(decoding: parts[0], as: UTF8.self).contains("user\u{0}user\u{0}database\u{0}db\u{0}"))
        #expect(Array(parts[1]) == Array("md54376eb6913b38f9aaff38dc7cf19ca76\u{0}".utf8))
        connection.close()
    }

    @Test func aSilentServerTimesOutAndAHostileOneIsRefused() throws {
        let silent = try ScriptedServer()
        let quiet = silent.serve { client in
            _ = try client.readStartup()
            usleep(1_500_000)
            return BackendMessage(type: 0, body: [])
        }
        var url = silent.url(password: "x")
        url.connectTimeoutSeconds = 1
        #expect(throws: PostgresError.io("timed out waiting for the server")) {
            try PostgresConnection(url: url).connectIfNeeded()
        }
        _ = try? quiet()

        // A message claiming 2 GiB is refused from its header: nothing is allocated for it.
        let hostile = try ScriptedServer()
        let huge = hostile.serve { client in
            _ = try client.readStartup()
            try client.send([UInt8(ascii: "R"), 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0])
            return BackendMessage(type: 0, body: [])
        }
        #expect(throws: PostgresError.protocolViolation("a message of 2147483647 bytes")) {
            try PostgresConnection(url: hostile.url(password: "x")).connectIfNeeded()
        }
        _ = try? huge()

        // An authentication method this client does not speak (GSSAPI) is a clear refusal.
        let gss = try ScriptedServer()
        let refused = gss.serve { client in
            _ = try client.readStartup()
            try client.send(PostgresWire.message("R", int32(7)))
            return BackendMessage(type: 0, body: [])
        }
        #expect(throws: PostgresError.authentication("unsupported authentication method 7")) {
            try PostgresConnection(url: gss.url(password: "x")).connectIfNeeded()
        }
        _ = try? refused()
    }

    @Test func aServerThatGoesAwayFailsEachCallWithAnIOError() throws {
        var server: ScriptedServer? = try ScriptedServer()
        let done = server!.serve { client in
            _ = try client.readStartup()
            try client.send(PostgresWire.message("R", int32(0)) + PostgresWire.message("Z", [UInt8(ascii: "I")]))
            return BackendMessage(type: 0, body: [])
        }
        let connection = PostgresConnection(url: server!.url(password: "x"))
        try connection.connectIfNeeded()
        _ = try done()
        server = nil  // the listener closes too: nothing answers on the port any more
        // The session is lost: the call fails, and so does the next one, which tries to connect once.
        for _ in 0..<2 {
            #expect {
                try connection.execute("SELECT 1")
            } throws: { error in
                guard case .io = error as? PostgresError else { return false }
                return true
            }
            #expect(!connection.isConnected)
        }
    }
}

private func int32(_ value: Int32) -> [UInt8] {
    var bytes: [UInt8] = []
    PostgresWire.appendInt32(value, to: &bytes)
    return bytes
}

struct ScriptError: Error { var what: String }

/// A loopback listener that accepts one client and runs a script with it on another thread.
final class ScriptedServer: Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 1) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else {
            close(listener)
            throw ScriptError(what: "bind")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(listener) }

    func url(password: String) -> PostgresURL {
        PostgresURL(host: "127.0.0.1", port: port, user: "user", password: password, database: "db")
    }

    /// Runs `script` with the first client; the returned function waits for its result (or its error).
    func serve(_ script: @escaping @Sendable (ScriptedClient) throws -> BackendMessage)
        -> () throws -> BackendMessage
    {
        let result = Mutex<Result<BackendMessage, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let listener = self.listener
        DispatchQueue.global().async {
            let fd = accept(listener, nil, nil)
            let client = ScriptedClient(fd: fd)
            let outcome = Result { try script(client) }
            close(fd)
            result.withLock { $0 = outcome }
            finished.signal()
        }
        return {
            guard finished.wait(timeout: .now() + 10) == .success else { throw ScriptError(what: "script hung") }
            return try result.withLock { $0 }!.get()
        }
    }
}

/// The server side of one scripted session: blocking reads with a 5 s timeout so a broken test cannot hang.
struct ScriptedClient: Sendable {
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func read(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + offset, count - offset, 0) }
            guard got > 0 else { throw ScriptError(what: "read") }
            offset += got
        }
        return bytes
    }

    /// The start-up message's body after its length (protocol version and parameters).
    func readStartup() throws -> [UInt8] {
        let header = try read(4)
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        return try read(length - 4)
    }

    func readMessage() throws -> BackendMessage {
        let header = try read(5)
        let length = Int(header[1]) << 24 | Int(header[2]) << 16 | Int(header[3]) << 8 | Int(header[4])
        return BackendMessage(type: header[0], body: try read(length - 4))
    }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw ScriptError(what: "send") }
    }
}

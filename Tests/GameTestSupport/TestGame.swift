import GameServer
import Glibc
import HTTP
import NetCore
import Storage
import Support
import TestSupport
import Testing
import Web
import WebSocket

/// A game server on 127.0.0.1, port 0, with a small BrowserQuest-format map written to a temporary file.
package final class TestGame {
    package let server: GameServer
    package let group: EventLoopGroup
    package let address: SocketAddress
    package let directory: String

    /// `gate` decides who may play (bans, drain); the default lets everyone in. Characters are kept in `store`
    /// (in memory by default) through a storage thread configured by `storage`. `configure` changes the rest.
    package init(
        worlds: Int = 2, playersPerWorld: Int = 10, doors: String = "[]", width: Int = 40,
        gate: any SessionGate = OpenGate(), store: sending any CharacterStore = MemoryCharacterStore(),
        storage: StorageConfiguration = TestGame.fastStorage, publicFiles: [String: String] = [:],
        configure: (inout GameServerConfiguration) -> Void = { _ in }
    ) throws {
        var template = Array("/tmp/wq-game-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw IOError(errnoCode: errno, function: "mkdtemp") }
        directory = String(cString: made)
        // width×20, walls on the border, a starting area at (2...5, 2...5), a rat at (10, 3).
        var collisions: [Int] = []
        for x in 0..<width { collisions += [x, 19 * width + x] }
        for y in 0..<20 { collisions += [y * width, y * width + width - 1] }
        let map = """
            {"width":\(width),"height":20,"tilesize":16,
             "collisions":[\(collisions.map(String.init).joined(separator: ","))],
             "doors":\(doors),"checkpoints":[{"id":1,"x":2,"y":2,"w":4,"h":4,"s":1}],"roamingAreas":[],"chestAreas":[],
             "staticChests":[],"staticEntities":{"\(3 * width + 10)":"rat"}}
            """
        let path = directory + "/map.json"
        try writeFile(Array(map.utf8), to: path)
        var configuration = GameServerConfiguration()
        configuration.web.host = "127.0.0.1"
        configuration.web.port = 0
        configuration.web.staticMounts = []
        if !publicFiles.isEmpty {
            mkdir(directory + "/public", 0o755)
            for (name, contents) in publicFiles {
                try writeFile(Array(contents.utf8), to: directory + "/public/" + name)
            }
            configuration.web.staticMounts = [.init(urlPrefix: "/", directory: directory + "/public")]
        }
        configuration.mapPath = path
        configuration.worlds = worlds
        configuration.playersPerWorld = playersPerWorld
        configure(&configuration)
        group = try EventLoopGroup(threadCount: 2)
        server = GameServer(
            configuration: configuration, group: group, storage: StorageRunner(store: store, configuration: storage),
            gate: gate)
        address = try server.start()
    }

    /// Storage as in production but with cheap password hashes (a debug build is slow) and short waits.
    package static var fastStorage: StorageConfiguration {
        var configuration = StorageConfiguration()
        configuration.passwordIterations = 1000
        configuration.supersedeTimeout = .seconds(3)
        return configuration
    }

    /// Stops the server and its storage thread; returns how many characters could not be saved.
    @discardableResult
    package func stop() -> Int {
        server.shutdownGracefully(timeout: .seconds(1))
        let unsaved = server.storage.stop()
        _ = system("rm -rf '\(directory)'")
        return unsaved
    }

    /// Connects (with `cookie`, a `Cookie` field's value, when given), reads `go`, says HELLO and returns the
    /// socket and the messages of the first batch.
    package func join(_ name: String, cookie: String? = nil) throws -> (RawWebSocket, [JSONValue]) {
        let client = try RawWebSocket(address, cookie: cookie)
        let go = try #require(try client.receiveFrame())
        #expect(String(decoding: go.payload, as: UTF8.self) == "go")
        try client.send(text: "[0,\"\(name)\",21,60]")
        return (client, try nextBatch(client))
    }

    package func nextBatch(_ client: RawWebSocket) throws -> [JSONValue] {
        while let frame = try client.receiveFrame() {
            guard frame.opcode == .text else { continue }
            return try JSONParser.parse(frame.payload).array ?? []
        }
        return []
    }

    /// Every message `client` receives within `seconds` (answering nothing).
    package func collect(_ client: RawWebSocket, for seconds: Double) throws -> [[Int]] {
        var messages: [[Int]] = []
        let deadline = MonotonicClock.now() + .seconds(seconds)
        setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVTIMEO, [timeval(tv_sec: 0, tv_usec: 100_000)], 16)
        defer { setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVTIMEO, [timeval(tv_sec: 5, tv_usec: 0)], 16) }
        while MonotonicClock.now() < deadline {
            guard let frame = try? client.receiveFrame(), frame.opcode == .text,
                let batch = try? JSONParser.parse(frame.payload).array
            else { continue }
            for message in batch { messages.append(message.array?.map { $0.int ?? Int.min } ?? []) }
        }
        return messages
    }

    /// A GET with an optional `Cookie` field: the whole response.
    package func response(_ path: String, cookie: String? = nil) throws -> (head: HTTPResponseHead, body: String) {
        let socket = try BlockingSocket(connectingTo: address)
        try socket.send("GET \(path) HTTP/1.1\r\nHost: x\r\n" + (cookie.map { "Cookie: \($0)\r\n" } ?? "") + "\r\n")
        return try HTTPTestClient.readResponse(socket)
    }

    package func get(_ path: String) throws -> String {
        let socket = try BlockingSocket(connectingTo: address)
        try socket.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        return try HTTPTestClient.readResponse(socket).body
    }

    package func status() throws -> String {
        let socket = try BlockingSocket(connectingTo: address)
        try socket.send("GET /status HTTP/1.1\r\nHost: x\r\n\r\n")
        return try HTTPTestClient.readResponse(socket).body
    }
}

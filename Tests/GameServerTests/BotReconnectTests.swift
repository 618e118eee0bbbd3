import Bots
import Glibc
import HTTP
import NetCore
import Support
import Synchronization
import Testing
import Web
import WebSocket

/// How bots come back after the server closes them: at once after 1012 (a node draining), never after the game's
/// own codes. The server here is a stub that welcomes every HELLO and closes each bot's first session with a chosen
/// code, so nothing but the bot's reaction is measured.
@Suite(.serialized)
struct BotReconnectTests {
    /// Counts sessions; closes the first one `closeAfter` after its WELCOME with `code`.
    private final class ClosingService: WebSocketService {
        let code: UInt16
        let sessions = Atomic<Int>(0)

        init(code: UInt16) { self.code = code }

        final class Delegate: WebSocketDelegate {
            let service: ClosingService
            init(service: ClosingService) { self.service = service }

            func webSocketDidOpen(_ socket: WebSocketConnection) { socket.send(text: "go") }

            func webSocket(
                _ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer
            ) {
                guard payload.starts(with: Array("[0,".utf8)) else { return }
                let session = service.sessions.add(1, ordering: .relaxed).newValue
                socket.send(text: "[[1,\(session),\"bot0\",3,3,80]]")
                guard session == 1 else { return }
                let code = service.code
                socket.connection.loop.scheduleTimer(after: .milliseconds(200)) {
                    socket.close(code: WebSocketCloseCode(rawValue: code))
                }
            }

            func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {}
        }

        func makeDelegate(for socket: WebSocketConnection, request: HTTPRequestHead) -> any WebSocketDelegate {
            Delegate(service: self)
        }
    }

    /// Runs one bot for two seconds against a server closing its first session with `code`; the swarm's summary
    /// and the sessions the server saw.
    private func run(closingWith code: UInt16) throws -> (summary: String, sessions: Int) {
        var template = Array("/tmp/wq-bots-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw IOError(errnoCode: errno, function: "mkdtemp") }
        let directory = String(cString: made)
        defer { _ = system("rm -rf '\(directory)'") }
        let width = 12
        var collisions: [Int] = []
        for x in 0..<width { collisions += [x, 11 * width + x] }
        let map = """
            {"width":\(width),"height":12,"tilesize":16,
             "collisions":[\(collisions.map(String.init).joined(separator: ","))],
             "doors":[],"checkpoints":[{"id":1,"x":2,"y":2,"w":4,"h":4,"s":1}],
             "roamingAreas":[],"chestAreas":[],"staticChests":[],"staticEntities":{}}
            """
        try writeFile(Array(map.utf8), to: directory + "/map.json")

        var web = WebServerConfiguration()
        web.host = "127.0.0.1"
        web.port = 0
        web.staticMounts = []
        let group = try EventLoopGroup(threadCount: 1)
        let service = ClosingService(code: code)
        let server = WebServer(configuration: web, group: group, webSocketService: service)
        let address = try server.start()
        defer { server.stop() }

        var configuration = Swarm.Configuration()
        configuration.url = WebSocketURL(host: "127.0.0.1", port: address.port)
        configuration.count = 1
        configuration.durationSeconds = 2
        configuration.warmupSeconds = 0
        configuration.mapPath = directory + "/map.json"
        let summary = try Swarm(configuration: configuration).run()
        return (summary, service.sessions.load(ordering: .relaxed))
    }

    /// The summary's `reconnects  1 (1 closes with 1012/1001), longest 153 ms`: (reconnects, closes, longest ms).
    private func reconnects(in summary: String) -> (Int, Int, Int)? {
        guard let line = summary.split(separator: "\n").first(where: { $0.hasPrefix("reconnects") }) else {
            return nil
        }
        let words = line.split(separator: " ")
        guard words.count > 3, let count = Int(words[1]), let closes = Int(words[2].dropFirst()),
            let at = words.firstIndex(of: "longest"), at + 1 < words.count, let longest = Int(words[at + 1])
        else { return nil }
        return (count, closes, longest)
    }

    @Test func aBotClosedWith1012IsBackAtOnceAsTheSameCharacter() throws {
        let (summary, sessions) = try run(closingWith: 1012)
        #expect(sessions == 2, "\(summary)")
        let counted = reconnects(in: summary)
        #expect(counted?.0 == 1 && counted?.1 == 1, "\(summary)")
        // 0–300 ms of jitter, then a loopback connection: other losses wait 100–1000 ms, then 1–2 s.
        #expect((counted?.2 ?? .max) < 700, "\(summary)")
    }

    @Test func aBotClosedOtherwiseComesBackToo() throws {
        let (summary, sessions) = try run(closingWith: 1011)
        #expect(sessions == 2, "\(summary)")
        let counted = reconnects(in: summary)
        #expect(counted?.0 == 1 && counted?.1 == 0, "\(summary)")
    }

    @Test func aBotSupersededStaysAway() throws {
        let (summary, sessions) = try run(closingWith: 4002)
        #expect(sessions == 1, "\(summary)")
        #expect(reconnects(in: summary)?.0 == 0, "\(summary)")
        #expect(summary.contains("kicked / notices 1 / 0"), "\(summary)")
    }
}

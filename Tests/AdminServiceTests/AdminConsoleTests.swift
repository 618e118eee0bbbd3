import Admin
import GameProtocol
import GameServer
import GameTestSupport
import Glibc
import NetCore
import Support
import Synchronization
import TestSupport
import Testing
import World

@testable import AdminService

/// The admin console end to end: a live server, its Unix socket, real WebSocket players.
@Suite(.serialized)
struct AdminConsoleTests {
    @Test func socketIsPrivateToTheServersUser() throws {
        try withAdmin { game, _, path in
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & S_IFMT == S_IFSOCK)
            #expect(info.st_mode & 0o777 == 0o600)
        }
    }

    @Test func listsPlayersAndAnswersWhoWithTheirAddress() throws {
        try withAdmin { game, client, _ in
            let (alice, _) = try game.join("alice")
            let (bob, _) = try game.join("Big Bob")
            _ = (alice, bob)
            let players = try run(client, "players")
            #expect(players.status == .ok)
            #expect(players.body.contains("alice"))
            #expect(players.body.contains("\"Big Bob\""))
            #expect(players.body.contains("127.0.0.1"))
            #expect(players.body.contains("2 player(s)"))
            let who = try run(client, "who \"big bob\"")
            #expect(who.status == .ok)
            #expect(who.body.contains("Big Bob (#"))
            #expect(who.body.contains("equipment  sword1, clotharmor"))
            let json = try JSONParser.parse(Array(try run(client, "players", json: true).body.utf8))
            #expect(json["players"]?.array?.compactMap { $0["name"]?.string }.sorted() == ["Big Bob", "alice"])
            #expect(try run(client, "who nobody").status == .error)
        }
    }

    @Test func kickClosesWith4001AndSayReachesEveryone() throws {
        try withAdmin { game, client, _ in
            let (alice, _) = try game.join("alice")
            let (bob, _) = try game.join("bob")
            let say = try run(client, "say The server restarts at noon")
            #expect(say.status == .ok)
            #expect(say.body == "told 2 player(s)\n")
            for player in [alice, bob] {
                let notices = try game.collect(player, for: 0.3)
                #expect(notices.contains { $0.first == MessageCode.notice.rawValue })
            }
            let kick = try run(client, "kick alice flooding")
            #expect(kick.status == .ok)
            #expect(kick.body.hasPrefix("kicked alice (#"))
            #expect(try alice.receiveCloseCode() == 4001)
            #expect(try run(client, "players").body.contains("1 player(s)"))
        }
    }

    @Test func badInputGetsAnErrorAndTheConnectionCarriesOn() throws {
        try withAdmin { _, client, path in
            let unknown = try run(client, "frobnicate now")
            #expect(unknown.status == .usage)
            #expect(unknown.body.contains("unknown command 'frobnicate'"))
            #expect(try run(client, "tp bob x 1").status == .usage)
            #expect(try run(client, "spawn dragon 1 1").status == .usage)
            #expect(try run(client, "players 9").status == .usage)
            #expect(try run(client, "say \"unterminated").status == .usage)
            #expect(try run(client, String(repeating: "x", count: 10_000)).status == .usage)
            #expect(try run(client, "status").status == .ok)
            // Raw garbage straight on the socket: an answer, not a crash.
            let raw = try connectWhenReady(path)
            let garbage = try raw.send(AdminRequestLine(json: false, command: "\u{1}\u{2}\u{FFFD}\"\\"))
            #expect(garbage.status == .usage)
            #expect(try run(client, "worlds").body.contains("WORLD"))
        }
    }

    @Test func banRefusesTheAddressUntilUnbanned() throws {
        try withAdmin { game, client, _ in
            let (mallory, _) = try game.join("mallory")
            let ban = try run(client, "ban mallory 1h")
            #expect(ban.status == .ok)
            #expect(ban.body.contains("banned name mallory and 1 address(es) for 1h"))
            #expect(try mallory.receiveCloseCode() == 4001)
            let again = try RawWebSocket(game.address)
            #expect(try again.receiveCloseCode() == 4003)
            #expect(try run(client, "bans").body.contains("127.0.0.1"))
            #expect(try run(client, "unban 127.0.0.1").status == .ok)
            // The name is still banned: HELLO as mallory is refused, another name plays.
            let renamed = try RawWebSocket(game.address)
            _ = try renamed.receiveFrame()
            try renamed.send(text: "[0,\"MALLORY\",21,60]")
            #expect(try renamed.receiveCloseCode() == 4003)
            let (other, batch) = try game.join("someone")
            _ = other
            #expect(batch.first?.array?.first?.int == MessageCode.welcome.rawValue)
            #expect(try run(client, "unban mallory").status == .ok)
            #expect(try run(client, "unban mallory").status == .error)
        }
    }

    @Test func drainRefusesNewPlayersAndKeepsCurrentOnes() throws {
        try withAdmin { game, client, _ in
            let (staying, _) = try game.join("staying")
            #expect(try run(client, "drain").status == .ok)
            let late = try RawWebSocket(game.address)
            #expect(try late.receiveCloseCode() == 1013)
            #expect(try run(client, "players").body.contains("staying"))
            _ = staying
            #expect(try run(client, "status").body.contains("draining"))
            #expect(try run(client, "drain off").status == .ok)
            let (welcome, _) = try game.join("welcome")
            _ = welcome
        }
    }

    @Test func shutdownCountsDownInGameThenAsksToStop() throws {
        try withAdmin { game, admin, client, _ in
            let stopped = Atomic<Bool>(false)
            admin.onShutdownRequest { stopped.store(true, ordering: .relaxed) }
            let (player, _) = try game.join("player")
            #expect(try run(client, "shutdown 2").status == .ok)
            #expect(try run(client, "status").body.contains("shutdown     in "))
            let messages = try game.collect(player, for: 3.5)
            #expect(messages.filter { $0.first == MessageCode.notice.rawValue }.count >= 3)
            let didStop = stopped.load(ordering: .relaxed)
            #expect(didStop)
            #expect(try run(client, "shutdown cancel").status == .error)
        }
    }

    @Test func aNewAdminClientAtTheLimitReplacesTheOneIdleLongest() throws {
        try withAdmin { _, client, path in
            var clients = [client]
            for _ in 1..<AdminSocket.maxConnections {
                let more = try AdminClient(socketPath: path)
                #expect(try more.send(AdminRequestLine(json: false, command: "status")).status == .ok)
                clients.append(more)
            }
            // All 16 idle: the 17th is answered, and the first (attached first, never asked) made room for it.
            let extra = try AdminClient(socketPath: path)
            #expect(try extra.send(AdminRequestLine(json: false, command: "status")).status == .ok)
            #expect(throws: AdminClientError.self) { try client.send(AdminRequestLine(json: false, command: "status")) }
            #expect(try clients[1].send(AdminRequestLine(json: false, command: "status")).status == .ok)
        }
    }

    @Test func idleAdminClientsAreClosedAndActiveOnesKept() throws {
        try withAdmin(idleTimeout: .milliseconds(600)) { _, client, path in
            let busy = try AdminClient(socketPath: path)
            // Asking every 200 ms keeps a client attached well past the idle timeout...
            for _ in 0..<8 {
                #expect(try busy.send(AdminRequestLine(json: false, command: "status")).status == .ok)
                usleep(200_000)
            }
            // ...while the one that said nothing since it attached was closed.
            #expect(throws: AdminClientError.self) { try client.send(AdminRequestLine(json: false, command: "status")) }
        }
    }

    @Test func aSecondServerCannotTakeALiveSocketButReplacesAStaleOne() throws {
        try withAdmin { game, _, path in
            #expect(throws: AdminSocketError.self) { try AdminSocket(path: path) }
            let stale = game.directory + "/stale.sock"
            let old = try AdminSocket(path: stale)
            close(old.fd)  // a server that died: the file stays, nobody listens
            let fresh = try AdminSocket(path: stale)
            close(fresh.fd)
            let plain = game.directory + "/plain"
            let fd = open(plain, O_WRONLY | O_CREAT, 0o644)
            close(fd)
            #expect(throws: AdminSocketError.self) { try AdminSocket(path: plain) }
        }
    }
}

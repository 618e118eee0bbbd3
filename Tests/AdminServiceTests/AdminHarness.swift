import Admin
import GameServer
import GameTestSupport
import Glibc
import Storage

@testable import AdminService

/// A test game with its admin service and socket open in the game's temporary directory, characters kept in
/// `store`.
func withAdmin(
    worlds: Int = 2, store: sending any CharacterStore = MemoryCharacterStore(), idleTimeout: Duration = .seconds(300),
    _ body: (TestGame, AdminService, AdminClient, String) throws -> Void
) throws {
    let directory = AdminDirectory()
    let game = try TestGame(worlds: worlds, gate: directory, store: store)
    defer { game.stop() }
    let admin = AdminService(server: game.server, directory: directory)
    let path = game.directory + "/admin.sock"
    let socket = try AdminSocket(path: path, idleTimeout: idleTimeout)
    socket.start(for: admin)
    defer { socket.close(for: admin) }
    let client = try connectWhenReady(path)
    try body(game, admin, client, path)
}

func withAdmin(
    worlds: Int = 2, idleTimeout: Duration = .seconds(300), _ body: (TestGame, AdminClient, String) throws -> Void
) throws {
    try withAdmin(worlds: worlds, idleTimeout: idleTimeout) { game, _, client, path in try body(game, client, path) }
}

func connectWhenReady(_ path: String) throws -> AdminClient {
    for _ in 0..<100 {
        if let client = try? AdminClient(socketPath: path) { return client }
        usleep(10_000)
    }
    return try AdminClient(socketPath: path)
}

func run(_ client: AdminClient, _ line: String, json: Bool = false) throws -> AdminResponse {
    try client.send(AdminRequestLine(json: json, command: line))
}

import Admin
import GameProtocol
import GameTestSupport
import Glibc
import SQLiteStore
import Storage
import Support
import TestSupport
import Testing
import World

/// The admin commands answered by the store, end to end over the admin socket: what is stored of a character, the
/// list, rename, delete, a new password, the backup and the audit log; and operator state kept in the store.
@Suite(.serialized)
struct AdminStorageTests {
    static let owner = TokenDigest(repeating: 1, count: 32)

    /// A SQLite store in `directory` holding Vera (plate armor, three rats, a password) and Bo.
    static func store(in directory: TemporaryDirectory) throws -> sending SQLiteStore {
        let store = try SQLiteStore(path: directory.file("admin.sqlite"))
        let vera = CharacterProgress(
            id: 0, armor: EntityKind.platearmor.rawValue, weapon: EntityKind.axe.rawValue, hp: 120, checkpoint: 3,
            kills: [EntityKind.rat.rawValue: 3], deaths: 1, damageDealt: 75, damageTaken: 40, revives: 1,
            playSeconds: 3_700, achievements: Achievement.pestControl.bit | Achievement.newThreads.bit)
        _ = try store.createCharacter(name: "Vera", owner: owner, progress: vera, now: 1_700_000_000)
        _ = try store.createCharacter(
            name: "Bo", owner: owner, progress: CharacterProgress(id: 0, armor: 21, weapon: 60, hp: 80),
            now: 1_700_000_100)
        return store
    }

    @Test func characterShowsWhatIsStored() throws {
        let directory = try TemporaryDirectory()
        try withAdmin(store: try Self.store(in: directory)) { _, _, client, _ in
            let answer = try run(client, "character vera")
            #expect(answer.status == .ok)
            for expected in [
                "Vera (character #", "platearmor, axe", "hp          120", "checkpoint  3", "kills       3: rat 3",
                "deaths      1, revives 1", "dealt 75, taken 40", "played      1h1m40s", "password    none",
                "first seen  2023-11-14 22:13:20Z",
                "achievements 2 of \(Achievement.all.count): Pest Control, New Threads",
            ] {
                #expect(answer.body.contains(expected), "\(expected) in \(answer.body)")
            }
            let json = try JSONParser.parse(Array(try run(client, "character Vera", json: true).body.utf8))
            #expect(json["kills"]?["rat"]?.int == 3 && json["online"]?.bool == false)
            #expect(json["achievements"]?.array?.compactMap(\.string) == ["pest-control", "new-threads"])
            #expect(try run(client, "character nobody").status == .error)
        }
    }

    @Test func charactersListsMatchesAndRenameAndDeleteChangeThem() throws {
        let directory = try TemporaryDirectory()
        try withAdmin(store: try Self.store(in: directory)) { _, _, client, _ throws in
            let all = try run(client, "characters")
            #expect(all.body.contains("Vera") && all.body.contains("Bo") && all.body.contains("2 character(s)"))
            #expect(try run(client, "characters v*").body.contains("1 character(s)"))
            #expect(try run(client, "rename vera bo").body.contains("the name bo is taken"))
            #expect(try run(client, "rename vera Vesna").status == .ok)
            #expect(try run(client, "character vesna").body.contains("platearmor"))
            #expect(try run(client, "delete bo").status == .ok)
            #expect(try run(client, "character bo").status == .error)
            #expect(try run(client, "characters").body.contains("1 character(s)"))
        }
    }

    @Test func aPlayingCharacterIsNeitherRenamedNorDeleted() throws {
        try withAdmin(store: MemoryCharacterStore()) { game, _, client, _ throws in
            let (player, _) = try game.join("Busy")
            _ = player
            #expect(try run(client, "rename busy Idle").body.contains("is playing; kick them first"))
            #expect(try run(client, "delete Busy").body.contains("is playing; kick them first"))
            #expect(try run(client, "character busy").body.contains("playing now"))
        }
    }

    @Test func resetPasswordGivesAPasswordThatLogsIn() throws {
        try withAdmin(store: MemoryCharacterStore()) { game, _, client, _ in
            let (first, _) = try game.join("Forgetful", cookie: "wq_token=00000000000000000000000000000001")
            first.disconnect()
            usleep(200_000)
            let answer = try run(client, "reset-password forgetful")
            #expect(answer.status == .ok)
            let lines = answer.body.split(separator: "\n")
            #expect(lines.first == "password of Forgetful reset")  // the audit log keeps the first line only
            let password = try #require(lines.dropFirst().first?.split(separator: " ").last.map(String.init))
            #expect(password.count == 12)
            let other = try RawWebSocket(game.address, cookie: "wq_token=00000000000000000000000000000002")
            _ = try other.receiveFrame()
            try other.send(text: "[28,\"forgetful\",\"\(password)\"]")
            #expect(try game.nextBatch(other).first?[0]?.int == 1)
            let audit = try run(client, "audit")
            #expect(audit.body.contains("reset-password forgetful") && !audit.body.contains(password))
        }
    }

    @Test func backupWhilePlayingGivesAConsistentCopy() throws {
        let directory = try TemporaryDirectory()
        try withAdmin(store: try Self.store(in: directory)) { game, _, client, _ in
            let (player, _) = try game.join("Player")
            _ = player
            let answer = try run(client, "backup \(directory.file("copy.sqlite"))")
            #expect(answer.status == .ok && answer.body.contains("backed up 3 character(s)"), "\(answer.body)")
            let copy = try SQLiteStore(path: directory.file("copy.sqlite"))
            defer { copy.close() }
            #expect(try copy.characterCount() == 3)
            #expect(try copy.character(key: "vera")?.progress.kills == [EntityKind.rat.rawValue: 3])
            #expect(try run(client, "backup /nonexistent/dir/copy.sqlite").status == .error)
        }
    }

    @Test func bansMutesAndTheAuditLogAreStored() throws {
        let directory = try TemporaryDirectory()
        try withAdmin(store: try Self.store(in: directory)) { _, _, client, _ throws in
            #expect(try run(client, "ban Mallory 2h").status == .ok)
            #expect(try run(client, "ban 192.0.2.7").status == .ok)
            #expect(try run(client, "mute Vera 10m").status == .ok)
            #expect(try run(client, "unban 192.0.2.7").status == .ok)
            usleep(200_000)
        }
        let store = try SQLiteStore(path: directory.file("admin.sqlite"))
        defer { store.close() }
        let bans = try store.bans()
        #expect(bans.map(\.target) == ["mallory"])
        let now = Int64(time(nil))
        #expect(bans.first?.until.map { (now + 7_100...now + 7_200).contains($0) } == true)
        #expect(try store.mutes().map(\.nameKey) == ["vera"])
        let commands = try store.audit(last: 10).map(\.command)
        #expect(commands == ["ban Mallory 2h", "ban 192.0.2.7", "mute Vera 10m", "unban 192.0.2.7"])
    }
}

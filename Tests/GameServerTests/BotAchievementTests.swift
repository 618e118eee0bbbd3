import Bots
import GameProtocol
import Testing
import World

/// The bots read batches with ACHIEVEMENTS (nested arrays of strings) and ACHIEVEMENT as the server writes them:
/// whole messages, nothing lost after them, so a swarm counts no errors for them.
struct BotAchievementTests {
    @Test func theBotsScannerReadsBothAchievementMessagesAndWhatFollows() {
        var frame: [UInt8] = Array("[".utf8)
        ServerMessage.achievements(Achievement.listing(earned: Achievement.pestControl.bit)).encode(into: &frame)
        frame += Array(",".utf8)
        let earned = Achievement.newThreads
        ServerMessage.achievement(id: earned.id, name: earned.name, description: earned.description)
            .encode(into: &frame)
        frame += Array(",".utf8)
        ServerMessage.health(hp: 70, regenerated: false).encode(into: &frame)
        frame += Array("]".utf8)

        var scanner = BatchScanner()
        var messages: [[Int]] = []
        frame.withUnsafeMutableBytes { raw in
            scanner.begin(UnsafeRawBufferPointer(raw))
            while scanner.next() { messages.append(scanner.fields) }
        }
        #expect(messages.count == 3)
        #expect(
            messages.first == [MessageCode.achievements.rawValue]
                + Array(repeating: Int.min, count: Achievement.all.count))
        #expect(messages.dropFirst().first == [MessageCode.achievement.rawValue, earned.id, Int.min, Int.min])
        #expect(messages.last == [MessageCode.health.rawValue, 70])
    }
}

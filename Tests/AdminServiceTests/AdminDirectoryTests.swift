import GameServer
import Support
import Synchronization
import Testing

@testable import AdminService

@Suite struct AdminDirectoryTests {
    /// An arbitrary point on the monotonic clock the tests count from.
    let start = MonotonicClock.Instant(nanoseconds: 1_000_000)

    @Test func bansMatchNamesWithoutCaseAndEndOnTime() {
        let directory = AdminDirectory()
        directory.ban(name: "Mallory", until: start + .seconds(2))
        directory.ban(address: "10.0.0.7", until: nil)
        #expect(directory.isBanned(name: "mallory", now: start + .seconds(1)))
        #expect(directory.isBanned(name: "MALLORY", now: start + .milliseconds(1_999)))
        #expect(!directory.isBanned(name: "mallory", now: start + .seconds(2)))
        #expect(!directory.isBanned(name: "mallory", now: start + .seconds(1)), "an expired ban is forgotten")
        #expect(directory.isBanned(address: "10.0.0.7", now: start + .seconds(1_000_000_000)))
        #expect(!directory.isBanned(address: "10.0.0.8", now: start))
    }

    @Test func listsBansWithTimeLeftAndLiftsThem() {
        let directory = AdminDirectory()
        directory.ban(name: "b", until: start + .milliseconds(10_500))
        directory.ban(name: "a", until: nil)
        directory.ban(address: "::1", until: start + .nanoseconds(1))
        let bans = directory.bans(now: start + .milliseconds(500))
        #expect(bans.map(\.target) == ["a", "b"], "expired ones are dropped")
        #expect(bans.map(\.secondsLeft) == [nil, 10])
        #expect(directory.unban(name: "A"))
        #expect(!directory.unban(name: "a"))
        #expect(!directory.unban(address: "::1"))
    }

    @Test func findsSessionsByAddress() {
        let directory = AdminDirectory()
        directory.sessionJoined(1, address: "10.0.0.7", world: 0)
        directory.sessionJoined(2, address: "10.0.0.8", world: 1)
        directory.sessionJoined(3, address: "10.0.0.7", world: 1)
        #expect(Set(directory.sessions(from: "10.0.0.7").map(\.0)) == [1, 3])
        directory.sessionLeft(1)
        #expect(directory.sessions(from: "10.0.0.7").map(\.0) == [3])
        #expect(directory.info(2)?.world == 1)
        #expect(directory.info(1) == nil)
    }

    /// As the server's gate: draining refuses every newcomer, bans refuse their address at once and their name at
    /// HELLO.
    @Test func gatesNewcomersByDrainAndBans() {
        let directory = AdminDirectory()
        #expect(directory.refusal(address: "10.0.0.7") == nil)
        directory.draining.store(true, ordering: .relaxed)
        #expect(directory.refusal(address: "10.0.0.7") == .draining)
        directory.draining.store(false, ordering: .relaxed)
        directory.ban(address: "10.0.0.7", until: nil)
        directory.ban(name: "Mallory", until: nil)
        #expect(directory.refusal(address: "10.0.0.7") == .banned)
        #expect(directory.refusal(address: "10.0.0.8") == nil)
        #expect(directory.refusal(name: "mallory", address: "10.0.0.8") == .banned)
        #expect(directory.refusal(name: "alice", address: "10.0.0.7") == .banned)
        #expect(directory.refusal(name: "alice", address: "10.0.0.8") == nil)
    }
}

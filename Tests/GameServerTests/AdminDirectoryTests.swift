import Testing

@testable import GameServer

@Suite struct AdminDirectoryTests {
    @Test func bansMatchNamesWithoutCaseAndEndOnTime() {
        let directory = AdminDirectory()
        directory.ban(name: "Mallory", until: 2_000)
        directory.ban(address: "10.0.0.7", until: nil)
        #expect(directory.isBanned(name: "mallory", now: 1_000))
        #expect(directory.isBanned(name: "MALLORY", now: 1_999))
        #expect(!directory.isBanned(name: "mallory", now: 2_000))
        #expect(!directory.isBanned(name: "mallory", now: 1_000), "an expired ban is forgotten")
        #expect(directory.isBanned(address: "10.0.0.7", now: .max))
        #expect(!directory.isBanned(address: "10.0.0.8", now: 0))
    }

    @Test func listsBansWithTimeLeftAndLiftsThem() {
        let directory = AdminDirectory()
        directory.ban(name: "b", until: 10_500_000_000)
        directory.ban(name: "a", until: nil)
        directory.ban(address: "::1", until: 1)
        let bans = directory.bans(now: 500_000_000)
        #expect(bans.map(\.target) == ["a", "b"], "expired ones are dropped")
        #expect(bans.map(\.secondsLeft) == [nil, 10])
        #expect(directory.unban(name: "A"))
        #expect(!directory.unban(name: "a"))
        #expect(!directory.unban(address: "::1"))
    }

    @Test func findsSessionsByAddress() {
        let directory = AdminDirectory()
        directory.register(1, .init(address: "10.0.0.7", connectedAt: 100, world: 0))
        directory.register(2, .init(address: "10.0.0.8", connectedAt: 100, world: 1))
        directory.register(3, .init(address: "10.0.0.7", connectedAt: 200, world: 1))
        #expect(Set(directory.sessions(from: "10.0.0.7").map(\.0)) == [1, 3])
        directory.unregister(1)
        #expect(directory.sessions(from: "10.0.0.7").map(\.0) == [3])
        #expect(directory.info(2)?.world == 1)
        #expect(directory.info(1) == nil)
    }
}

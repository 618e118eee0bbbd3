import Admin
import GameProtocol
import GameServer
import Glibc
import Storage
import Support
import Synchronization
import World

extension AdminService {
    func run(_ command: AdminCommand, _ done: @escaping (AdminAnswer) -> Void) {
        switch command {
        case .help(let name):
            guard let name else { return done(.ok(AdminCommandSpec.overview)) }
            guard let spec = AdminCommandSpec.named(name) else {
                return done(.usage("no command '\(name)'; 'help' lists them"))
            }
            done(.ok(spec.help))
        case .status:
            done(statusAnswer())
        case .worlds:
            done(worldsAnswer())
        case .players(let world):
            guard let runners = worlds(world, done) else { return }
            players(in: runners) { [self] players in done(playersAnswer(players)) }
        case .who(let name):
            find(name) { [self] matches in
                matches.isEmpty ? done(.error("nobody named \(name) is online")) : done(whoAnswer(matches))
            }
        case .kick(let name, let reason):
            find(name) { [self] matches in
                guard !matches.isEmpty else { return done(.error("nobody named \(name) is online")) }
                kick(matches, reason: reason ?? "kicked by an operator", done)
            }
        case .ban(let target, let seconds):
            ban(target, seconds: seconds, done)
        case .unban(let target):
            let lifted: Bool
            switch target {
            case .name(let name):
                lifted = directory.unban(name: name)
                persist("the lifted ban on \(name)") { _ = try $0.removeBan(kind: .name, target: name.lowercased()) }
            case .address(let address):
                lifted = directory.unban(address: address)
                persist("the lifted ban on \(address)") { _ = try $0.removeBan(kind: .address, target: address) }
            }
            done(lifted ? .ok("unbanned \(target)") : .error("\(target) is not banned"))
        case .bans:
            done(bansAnswer())
        case .mute(let name, let seconds):
            let record = MuteRecord(nameKey: name.lowercased(), until: seconds.map { Int64(time(nil)) + Int64($0) })
            persist("the mute of \(name)") { try $0.putMute(record) }
            ask(.mute(name: name, seconds: seconds), of: allWorlds) { replies in
                done(.ok(replies.doneTexts.first ?? "muted \(name)"))
            }
        case .unmute(let name):
            persist("the lifted mute of \(name)") { _ = try $0.removeMute(nameKey: name.lowercased()) }
            ask(.unmute(name: name), of: allWorlds) { replies in
                let lifted = replies.doneTexts.first
                done(lifted.map { .ok($0) } ?? .error("\(name) is not muted"))
            }
        case .say(let text):
            ask(.notice(text: text), of: allWorlds) { replies in
                if let failure = replies.failureTexts.first { return done(.error(failure)) }
                let told = replies.count
                done(.ok("told \(told) player(s)", .object(["players": .integer(told)])))
            }
        case .teleport(let name, let x, let y):
            find(name) { [self] matches in
                let living = matches.filter(\.alive)
                guard living.count == 1, let player = living.first else {
                    return done(
                        .error(
                            living.isEmpty
                                ? "nobody named \(name) is alive and online"
                                : "\(living.count) players are named \(name): "
                                    + living.map { "#\($0.id) in world \($0.world)" }.joined(separator: ", ")))
                }
                ask(.teleport(player: player.id, x: x, y: y), of: [runner(player.world)]) { done($0.answer) }
            }
        case .spawn(let kindName, let x, let y, let world):
            guard let kind = EntityKind(name: kindName), kind != .warrior, !kind.isNPC else {
                return done(.usage("'\(kindName)' is not a mob or item kind; 'help spawn' lists them"))
            }
            guard let runners = worlds(world ?? 0, done) else { return }
            ask(.spawn(kind: kind, x: x, y: y), of: runners) { done($0.answer) }
        case .respawnMobs(let world):
            guard let runners = worlds(world, done) else { return }
            ask(.respawnMobs, of: runners) { replies in
                let count = replies.count
                done(.ok("respawned \(count) mob(s)", .object(["mobs": .integer(count)])))
            }
        case .logLevel(let name):
            guard let name, let level = LogLevel(name: name) else {
                return done(
                    .ok(
                        "log level \(LoggingSystem.level.description)",
                        .object(["level": .string(LoggingSystem.level.description)])))
            }
            LoggingSystem.level = level
            done(.ok("log level \(level.description)", .object(["level": .string(level.description)])))
        case .drain(let on):
            directory.draining.store(on, ordering: .relaxed)
            if on, cluster != nil { return drainToOtherNodes(done) }
            done(
                .ok(
                    on
                        ? "draining: new players are refused (close 1013); \(server.totalPlayers) still playing"
                        : "no longer draining: new players are welcome",
                    .object(["draining": .bool(on), "players": .integer(server.totalPlayers)])))
        case .shutdown(let seconds):
            startCountdown(seconds: seconds)
            done(.ok(seconds == 0 ? "shutting down now" : "shutting down in \(seconds) s ('shutdown cancel' stops it)"))
        case .cancelShutdown:
            done(cancelCountdown() ? .ok("shutdown cancelled") : .error("no shutdown is counting down"))
        case .character(let name): characterAnswer(name, done)
        case .characters(let pattern): charactersAnswer(pattern, done)
        case .rename(let name, let newName): rename(name, to: newName, done)
        case .delete(let name): delete(name, done)
        case .resetPassword(let name): resetPassword(name, done)
        case .backup(let path): backup(to: path, done)
        case .audit(let count): auditAnswer(last: count, done)
        }
    }

    private func players(in runners: [WorldRunner], then: @escaping ([PlayerSummary]) -> Void) {
        ask(.players, of: runners) { replies in
            var all: [PlayerSummary] = []
            for case .players(let list) in replies { all += list }
            then(all.sorted { ($0.world, $0.id) < ($1.world, $1.id) })
        }
    }

    /// Players whose name is `name`, ignoring case, in every world.
    private func find(_ name: String, then: @escaping ([PlayerSummary]) -> Void) {
        let wanted = name.lowercased()
        players(in: allWorlds) { then($0.filter { $0.name.lowercased() == wanted }) }
    }

    private func kick(_ players: [PlayerSummary], reason: String, _ done: @escaping (AdminAnswer) -> Void) {
        var left = players.count
        var kicked: [String] = []
        for player in players {
            ask(.kick(player: player.id, reason: reason), of: [runner(player.world)]) { replies in
                kicked += replies.doneTexts
                left -= 1
                if left == 0 {
                    done(
                        kicked.isEmpty
                            ? .error("nobody was kicked (they had left)")
                            : .ok(kicked.joined(separator: "\n"), .object(["kicked": .integer(kicked.count)])))
                }
            }
        }
    }

    private func ban(_ target: AdminCommand.BanTarget, seconds: Int?, _ done: @escaping (AdminAnswer) -> Void) {
        let until = seconds.map { MonotonicClock.now() + .seconds($0) }
        let wallUntil = seconds.map { Int64(time(nil)) + Int64($0) }
        let span = seconds.map { "for \(AdminDuration.format($0))" } ?? "until unban"
        switch target {
        case .name(let name):
            directory.ban(name: name, until: until)
            let record = BanRecord(kind: .name, target: name.lowercased(), until: wallUntil)
            persist("the ban on \(name)") { try $0.putBan(record) }
            find(name) { [self] matches in
                // Their addresses too, or they would be back under another name at once.
                let addresses = Set(matches.compactMap { directory.info($0.session)?.address })
                for address in addresses {
                    directory.ban(address: address, until: until)
                    let record = BanRecord(kind: .address, target: address, until: wallUntil)
                    persist("the ban on \(address)") { try $0.putBan(record) }
                }
                let note = addresses.isEmpty ? "" : " and \(addresses.count) address(es)"
                guard !matches.isEmpty else { return done(.ok("banned name \(name) \(span) (nobody online)")) }
                kick(matches, reason: "banned") { answer in
                    done(.ok("banned name \(name)\(note) \(span)\n" + answer.text))
                }
            }
        case .address(let address):
            directory.ban(address: address, until: until)
            let record = BanRecord(kind: .address, target: address, until: wallUntil)
            persist("the ban on \(address)") { try $0.putBan(record) }
            let sessions = Set(directory.sessions(from: address).map(\.0))
            players(in: allWorlds) { [self] players in
                let matches = players.filter { sessions.contains($0.session) }
                guard !matches.isEmpty else { return done(.ok("banned address \(address) \(span) (nobody online)")) }
                kick(matches, reason: "banned") { answer in
                    done(.ok("banned address \(address) \(span)\n" + answer.text))
                }
            }
        }
    }
}

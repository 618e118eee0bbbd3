import Admin
import GameProtocol
import Glibc
import NetCore
import Support
import Synchronization
import World

/// Loop-0 state of the admin console: world questions in flight and the shutdown countdown.
struct AdminLoopState {
    struct Ask {
        var waiting: Int
        var replies: [AdminReply] = []
        let then: ([AdminReply]) -> Void
    }

    var asks: [UInt64: Ask] = [:]
    var nextAsk: UInt64 = 1
    var countdownTimers: [UInt64] = []
    var shutdownAt: UInt64?
}

/// The answer to one command: text for people, JSON for scripts.
struct AdminAnswer {
    var status: AdminStatus
    var text: String
    var json: JSONValue

    static func ok(_ text: String, _ json: JSONValue? = nil) -> AdminAnswer {
        AdminAnswer(status: .ok, text: text, json: json ?? .object(["message": .string(text)]))
    }

    static func error(_ text: String) -> AdminAnswer {
        AdminAnswer(status: .error, text: text, json: .object(["error": .string(text)]))
    }

    static func usage(_ text: String) -> AdminAnswer {
        AdminAnswer(status: .usage, text: text, json: .object(["error": .string(text)]))
    }

    func response(json wantsJSON: Bool) -> AdminResponse {
        guard wantsJSON else { return AdminResponse(status, text.hasSuffix("\n") ? text : text + "\n") }
        var bytes: [UInt8] = []
        JSONWriter.write(json, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return AdminResponse(status, String(decoding: bytes, as: UTF8.self))
    }
}

extension GameServer {
    /// The loop that runs admin commands: the admin socket's connections live there, and so does the console's
    /// work, so commands never race each other.
    var adminLoop: EventLoop { group.loops[0] }

    /// Runs one command line on the admin loop for `actor` (who, for the audit log) and answers through `respond`
    /// on that loop. Actions are logged with the actor; queries are not.
    func executeAdmin(_ request: AdminRequestLine, actor: String, respond: @escaping (AdminResponse) -> Void) {
        assert(adminLoop.inLoop)
        let command: AdminCommand
        do {
            command = try AdminCommand.parse(request.command)
        } catch {
            adminLogger.info("\(actor): refused '\(request.command)': \(error.message.split(separator: "\n")[0])")
            return respond(AdminAnswer.usage(error.message).response(json: request.json))
        }
        run(command) { [self] answer in
            if command.isAction {
                let outcome = answer.text.split(separator: "\n").first.map(String.init) ?? ""
                let level: LogLevel = answer.status == .ok ? .notice : .warning
                adminLogger.log(level, "audit: \(actor): \(request.command) → \(answer.status.rawValue): \(outcome)")
            }
            respond(answer.response(json: request.json))
        }
    }

    private func run(_ command: AdminCommand, _ done: @escaping (AdminAnswer) -> Void) {
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
            case .name(let name): lifted = directory.unban(name: name)
            case .address(let address): lifted = directory.unban(address: address)
            }
            done(lifted ? .ok("unbanned \(target)") : .error("\(target) is not banned"))
        case .bans:
            done(bansAnswer())
        case .mute(let name, let seconds):
            ask(.mute(name: name, seconds: seconds), of: allWorlds) { replies in
                done(.ok(replies.doneTexts.first ?? "muted \(name)"))
            }
        case .unmute(let name):
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
            done(
                .ok(
                    on
                        ? "draining: new players are refused (close 1013); \(totalPlayers) still playing"
                        : "no longer draining: new players are welcome",
                    .object(["draining": .bool(on), "players": .integer(totalPlayers)])))
        case .shutdown(let seconds):
            startCountdown(seconds: seconds)
            done(.ok(seconds == 0 ? "shutting down now" : "shutting down in \(seconds) s ('shutdown cancel' stops it)"))
        case .cancelShutdown:
            done(cancelCountdown() ? .ok("shutdown cancelled") : .error("no shutdown is counting down"))
        }
    }

    // MARK: - Asking the worlds

    var allWorlds: [WorldRunner] { runners.withLock { $0 } }

    func runner(_ index: Int) -> WorldRunner { runners.withLock { $0[index] } }

    /// The one world `index` names, or all of them for nil; answers a usage error (and returns nil) for a bad index.
    private func worlds(_ index: Int?, _ done: (AdminAnswer) -> Void) -> [WorldRunner]? {
        let all = allWorlds
        guard let index else { return all }
        guard all.indices.contains(index) else {
            done(.usage("there is no world \(index) (worlds 0…\(all.count - 1))"))
            return nil
        }
        return [all[index]]
    }

    /// Posts `request` to each runner and calls `then` on the admin loop once all have answered.
    func ask(_ request: AdminRequest, of runners: [WorldRunner], then: @escaping ([AdminReply]) -> Void) {
        assert(adminLoop.inLoop)
        guard !runners.isEmpty else { return then([]) }
        let id = adminState.withValue(on: adminLoop) { state in
            defer { state.nextAsk += 1 }
            state.asks[state.nextAsk] = AdminLoopState.Ask(waiting: runners.count, then: then)
            return state.nextAsk
        }
        for runner in runners { runner.post(.admin(id, request)) }
    }

    /// A world's answer, on the admin loop.
    func collectAdminReply(_ id: UInt64, _ reply: AdminReply) {
        let finished = adminState.withValue(on: adminLoop) { state -> AdminLoopState.Ask? in
            guard var ask = state.asks[id] else { return nil }
            ask.replies.append(reply)
            ask.waiting -= 1
            guard ask.waiting == 0 else {
                state.asks[id] = ask
                return nil
            }
            state.asks[id] = nil
            return ask
        }
        if let finished { finished.then(finished.replies) }
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
        let until = seconds.map { MonotonicClock.now() + UInt64($0) * 1_000_000_000 }
        let span = seconds.map { "for \(AdminDuration.format($0))" } ?? "until unban or restart"
        switch target {
        case .name(let name):
            directory.ban(name: name, until: until)
            find(name) { [self] matches in
                // Their addresses too, or they would be back under another name at once.
                let addresses = Set(matches.compactMap { directory.info($0.session)?.address })
                for address in addresses { directory.ban(address: address, until: until) }
                let note = addresses.isEmpty ? "" : " and \(addresses.count) address(es)"
                guard !matches.isEmpty else { return done(.ok("banned name \(name) \(span) (nobody online)")) }
                kick(matches, reason: "banned") { answer in
                    done(.ok("banned name \(name)\(note) \(span)\n" + answer.text))
                }
            }
        case .address(let address):
            directory.ban(address: address, until: until)
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

    // MARK: - Shutdown countdown

    /// Warns every player at the start and at 60, 30, 10, 5…1 seconds left, then stops as SIGTERM would.
    private func startCountdown(seconds: Int) {
        _ = cancelCountdown()
        let now = MonotonicClock.now()
        let end = now + UInt64(seconds) * 1_000_000_000
        var marks = Set([60, 30, 10, 5, 4, 3, 2, 1].filter { $0 < seconds })
        if seconds > 0 { marks.insert(seconds) }
        var timers: [UInt64] = []
        for mark in marks {
            timers.append(
                adminLoop.scheduleTimer(at: end - UInt64(mark) * 1_000_000_000) { [self] in
                    ask(.notice(text: "The server shuts down in \(mark) s."), of: allWorlds) { _ in }
                })
        }
        timers.append(
            adminLoop.scheduleTimer(at: end) { [self] in
                adminLogger.notice("shutdown countdown reached zero")
                adminState.withValue(on: adminLoop) { state in
                    state.countdownTimers = []
                    state.shutdownAt = nil
                }
                ask(.notice(text: "The server is shutting down now."), of: allWorlds) { [self] _ in
                    // The notice leaves with the worlds' next batch; give it a few ticks before closing.
                    _ = adminLoop.scheduleTimer(at: MonotonicClock.now() + 200_000_000) { [self] in
                        requestShutdown()
                    }
                }
            })
        adminState.withValue(on: adminLoop) { state in
            state.countdownTimers = timers
            state.shutdownAt = end
        }
    }

    private func cancelCountdown() -> Bool {
        let timers = adminState.withValue(on: adminLoop) { state -> [UInt64] in
            defer {
                state.countdownTimers = []
                state.shutdownAt = nil
            }
            return state.countdownTimers
        }
        for timer in timers { adminLoop.cancelTimer(timer) }
        if !timers.isEmpty { ask(.notice(text: "The shutdown is cancelled."), of: allWorlds) { _ in } }
        return !timers.isEmpty
    }

    /// Seconds until the countdown ends, if one runs (for `status`).
    var shutdownSecondsLeft: Int? {
        adminState.withValue(on: adminLoop) { state in
            state.shutdownAt.map { Int(($0 &- min($0, MonotonicClock.now())) / 1_000_000_000) }
        }
    }
}

extension [AdminReply] {
    var doneTexts: [String] {
        compactMap {
            switch $0 {
            case .done(let text), .counted(_, let text): text
            default: nil
            }
        }
    }

    /// The sum of the worlds' counts.
    var count: Int {
        reduce(0) { if case .counted(let n, _) = $1 { $0 + n } else { $0 } }
    }

    var failureTexts: [String] {
        compactMap { if case .failed(let text) = $0 { text } else { nil } }
    }

    /// One world's answer as the operator sees it.
    var answer: AdminAnswer {
        if let failure = failureTexts.first { return .error(failure) }
        return .ok(doneTexts.joined(separator: "\n"))
    }
}

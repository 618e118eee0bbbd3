import Admin
import GameProtocol
import GameServer
import Glibc
import NetCore
import Storage
import Support
import Synchronization
import World

/// What the server does for its operators: runs admin command lines (from the admin socket or the server's own
/// terminal) against the worlds and the directory, keeps the audit log, and counts a shutdown down in game.
///
/// Commands run one at a time on one loop (``loop``, the group's first), so they never race each other; the worlds
/// answer their part between ticks (`GameServer.ask(world:_:id:)`), and the answer comes back to that loop.
package final class AdminService: Sendable {
    package let server: GameServer
    /// Sessions' addresses, bans and the drain switch; also the server's `SessionGate`.
    package let directory: AdminDirectory
    /// The loop that runs admin commands: the admin socket's connections live there too.
    package let loop: EventLoop
    let logger = Logger(label: "admin")
    /// World questions in flight and the shutdown countdown, touched only on ``loop``.
    let state: LoopLocal<AdminLoopState>
    /// What `shutdown` calls at the end of its countdown.
    private let shutdownHandler: Mutex<(@Sendable () -> Void)?> = Mutex(nil)
    /// The other nodes, when this server is a node of a cluster (``attach(cluster:)``).
    let clusterLink: Mutex<(any AdminClusterLink)?> = Mutex(nil)

    /// The admin service of `server`, whose gate must be `directory` for bans and `drain` to act.
    package init(server: GameServer, directory: AdminDirectory) {
        self.server = server
        self.directory = directory
        loop = server.group.loops[0]
        state = LoopLocal(loopCount: server.group.loops.count) { AdminLoopState() }
        server.onAdminReply { [unowned self] id, reply in
            loop.execute { self.collectReply(id, reply) }
        }
    }

    /// Sets what ends the process gracefully when an operator's `shutdown` countdown reaches zero (or Ctrl-C is
    /// pressed twice on the server's console).
    package func onShutdownRequest(_ handler: @escaping @Sendable () -> Void) {
        shutdownHandler.withLock { $0 = handler }
    }

    /// Ends the process gracefully, as SIGTERM would (a countdown's end, or a node that must not run).
    package func requestShutdown() {
        if let handler = shutdownHandler.withLock({ $0 }) { handler() }
    }

    /// Puts stored mutes back in force in every world (at start); those that ended before `now` are skipped.
    package func restore(_ mutes: [MuteRecord], now: Int64) {
        for mute in mutes {
            let seconds = mute.until.map { Int($0 - now) }
            if let seconds, seconds <= 0 { continue }
            for runner in allWorlds {
                server.ask(world: runner.index, .mute(name: mute.nameKey, seconds: seconds), id: 0)
            }
        }
    }

    /// Runs one command line on the admin loop for `actor` (who, for the audit log) and answers through `respond`
    /// on that loop. Actions are logged with the actor; queries are not.
    package func execute(_ request: AdminRequestLine, actor: String, respond: @escaping (AdminResponse) -> Void) {
        assert(loop.inLoop)
        if routeInCluster(request, actor: actor, respond: respond) { return }
        executeHere(request, actor: actor, respond: respond)
    }

    /// Runs one command line on this server alone (a line another node forwarded, or one naming this node).
    package func executeHere(_ request: AdminRequestLine, actor: String, respond: @escaping (AdminResponse) -> Void) {
        assert(loop.inLoop)
        let command: AdminCommand
        do {
            command = try AdminCommand.parse(request.command)
        } catch {
            logger.info("\(actor): refused '\(request.command)': \(error.message.split(separator: "\n")[0])")
            return respond(AdminAnswer.usage(error.message).response(json: request.json))
        }
        run(command) { [self] answer in
            if command.isAction {
                let outcome = answer.text.split(separator: "\n").first.map(String.init) ?? ""
                let level: LogLevel = answer.status == .ok ? .notice : .warning
                logger.log(
                    level, "audit: \(actor): \(request.command) → \(answer.status.rawValue): \(outcome)",
                    [
                        "actor": .string(actor), "command": .string(request.command),
                        "status": .string(answer.status.rawValue),
                    ])
                let entry = AuditEntry(
                    at: Int64(time(nil)), actor: actor, command: request.command, status: answer.status.rawValue,
                    outcome: outcome)
                persist("an audit line") { try $0.appendAudit(entry) }
            }
            respond(answer.response(json: request.json))
        }
    }

    // MARK: - Asking the worlds

    var allWorlds: [WorldRunner] { server.worlds }

    func runner(_ index: Int) -> WorldRunner { server.worlds[index] }

    /// The one world `index` names, or all of them for nil; answers a usage error (and returns nil) for a bad index.
    func worlds(_ index: Int?, _ done: (AdminAnswer) -> Void) -> [WorldRunner]? {
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
        assert(loop.inLoop)
        guard !runners.isEmpty else { return then([]) }
        let id = state.withValue(on: loop) { state in
            defer { state.nextAsk += 1 }
            state.asks[state.nextAsk] = AdminLoopState.Ask(waiting: runners.count, then: then)
            return state.nextAsk
        }
        for runner in runners { server.ask(world: runner.index, request, id: id) }
    }

    /// A world's answer, on the admin loop.
    private func collectReply(_ id: UInt64, _ reply: AdminReply) {
        let finished = state.withValue(on: loop) { state -> AdminLoopState.Ask? in
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
}

/// Loop-0 state of the admin console: world questions in flight and the shutdown countdown.
struct AdminLoopState {
    struct Ask {
        var waiting: Int
        var replies: [AdminReply] = []
        let then: ([AdminReply]) -> Void
    }

    /// Lines forwarded to other nodes of the cluster, waiting for their answers.
    struct Gather {
        var waiting: Int
        var answers: [String: AdminResponse?] = [:]
        let then: ([String: AdminResponse?]) -> Void
    }

    var asks: [UInt64: Ask] = [:]
    var gathers: [UInt64: Gather] = [:]
    var nextAsk: UInt64 = 1
    /// Commands waiting for the storage thread's answer, by id.
    var storageAnswers: [UInt64: (AdminAnswer) -> Void] = [:]
    var countdownTimers: [UInt64] = []
    var shutdownAt: MonotonicClock.Instant?
}

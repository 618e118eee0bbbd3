import Admin
import GameServer
import NetCore
import Support
import Synchronization
import World

/// How an admin service reaches the other nodes of its cluster (the cluster service implements it over the bus).
package protocol AdminClusterLink: Sendable {
    /// This node's id.
    var node: String { get }
    /// Every node the directory lists now, this one included, in id order.
    func nodes() -> [String]
    /// Runs `line` on `node`'s admin service for `actor`; `reply` gets its answer, on any thread, or nil when the
    /// node did not answer in time (gone, or the bus is down).
    func forward(
        _ line: String, json: Bool, actor: String, to node: String,
        reply: @escaping @Sendable (AdminResponse?) -> Void)
}

extension AdminCommand {
    /// Commands that act on the whole cluster when no node is named: they run on every node and the answers are
    /// shown per node.
    var isClusterWide: Bool {
        switch self {
        case .status, .worlds, .players, .who, .kick, .ban, .unban, .mute, .unmute, .say, .teleport: true
        default: false
        }
    }
}

extension AdminService {
    /// Joins this service to a cluster: from now on lines may name a node, and cluster-wide commands run everywhere.
    package func attach(cluster link: any AdminClusterLink) {
        clusterLink.withLock { $0 = link }
    }

    var cluster: (any AdminClusterLink)? { clusterLink.withLock { $0 } }

    /// Routes a line in a cluster: to the node it names, to every node, or nil when it is this node's alone.
    func routeInCluster(
        _ request: AdminRequestLine, actor: String, respond: @escaping (AdminResponse) -> Void
    ) -> Bool {
        guard let link = cluster else { return false }
        let targeted = AdminTargetedLine.split(request.command)
        if let node = targeted.node {
            let line = AdminRequestLine(json: request.json, command: targeted.line)
            if node == link.node {
                executeHere(line, actor: actor, respond: respond)
                return true
            }
            let known = link.nodes()
            guard known.contains(node) else {
                respond(
                    AdminAnswer.usage("no node '\(node)' in the cluster (nodes: \(known.joined(separator: ", ")))")
                        .response(json: request.json))
                return true
            }
            gather(line, actor: actor, from: [node], link: link) { answers in
                respond(
                    answers[node].flatMap { $0 }
                        ?? AdminAnswer.error("node \(node) did not answer in time").response(json: request.json))
            }
            return true
        }
        guard let command = try? AdminCommand.parse(request.command), command.isClusterWide else { return false }
        let others = link.nodes().filter { $0 != link.node }
        guard !others.isEmpty else { return false }
        executeHere(request, actor: actor) { [self] local in
            gather(request, actor: actor, from: others, link: link) { answers in
                var answers = answers
                answers[link.node] = .some(local)
                respond(Self.merge(answers, nodes: [link.node] + others, json: request.json))
            }
        }
        return true
    }

    /// Runs `request` on each of `nodes` and calls `then` on the admin loop once every one answered or timed out.
    private func gather(
        _ request: AdminRequestLine, actor: String, from nodes: [String], link: any AdminClusterLink,
        then: @escaping ([String: AdminResponse?]) -> Void
    ) {
        let id = state.withValue(on: loop) { state in
            defer { state.nextAsk += 1 }
            state.gathers[state.nextAsk] = AdminLoopState.Gather(waiting: nodes.count, then: then)
            return state.nextAsk
        }
        for node in nodes {
            link.forward(request.command, json: request.json, actor: actor, to: node) { [self] response in
                loop.execute { self.collectGathered(id, node: node, response) }
            }
        }
    }

    private func collectGathered(_ id: UInt64, node: String, _ response: AdminResponse?) {
        let finished = state.withValue(on: loop) { state -> AdminLoopState.Gather? in
            guard var gather = state.gathers[id] else { return nil }
            gather.answers[node] = .some(response)
            gather.waiting -= 1
            guard gather.waiting == 0 else {
                state.gathers[id] = gather
                return nil
            }
            state.gathers[id] = nil
            return gather
        }
        if let finished { finished.then(finished.answers) }
    }

    /// One answer from every node's: each under its node's name, in node order; OK when any node's was.
    static func merge(_ answers: [String: AdminResponse?], nodes: [String], json: Bool) -> AdminResponse {
        let sorted = nodes.sorted()
        let responses = sorted.map { answers[$0] ?? nil }
        let status: AdminStatus =
            responses.contains { $0?.status == .ok } ? .ok : (responses.compactMap { $0?.status }.first ?? .error)
        if json {
            let members = zip(sorted, responses).map { node, response in
                let body = response?.body.trimmingNewlines ?? "{\"error\":\"no answer in time\"}"
                return JSONWriter.string(.string(node)) + ":" + body
            }
            return AdminResponse(status, "{\"nodes\":{" + members.joined(separator: ",") + "}}\n")
        }
        var text = ""
        for (node, response) in zip(sorted, responses) {
            guard let response else {
                text += "[\(node)] did not answer in time\n"
                continue
            }
            let body = response.body.trimmingNewlines
            text += body.contains("\n") ? "[\(node)]\n\(body)\n" : "[\(node)] \(body)\n"
        }
        return AdminResponse(status, text)
    }

    /// `drain` on a node of a cluster with other nodes: newcomers are already refused and `/ready` says 503; once the
    /// proxy has seen that (two of its checks), every player is saved and sent on with 1012, to reconnect elsewhere.
    func drainToOtherNodes(_ done: @escaping (AdminAnswer) -> Void) {
        let others = cluster.map { link in link.nodes().filter { $0 != link.node } } ?? []
        guard !others.isEmpty else {
            return done(
                .ok(
                    "draining: new players are refused; no other node to send the \(server.totalPlayers) player(s) "
                        + "here to"))
        }
        _ = loop.scheduleTimer(after: proxyNoticeDelay) { [self] in
            ask(.moveEveryone, of: allWorlds) { replies in
                let moved = replies.count
                done(
                    .ok(
                        "drained: \(moved) session(s) saved and sent on to \(others.joined(separator: ", "))",
                        .object(["draining": .bool(true), "moved": .integer(moved)])))
            }
        }
    }

    /// How long a draining node waits before sending its players on: the proxy must have marked it down first, or a
    /// reconnecting player could land on it again (HAProxy's shipped config checks every 500 ms, down after two).
    var proxyNoticeDelay: Duration { .milliseconds(1500) }
}

extension String {
    fileprivate var trimmingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" { text = text.dropLast() }
        return String(text)
    }
}

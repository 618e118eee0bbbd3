import Admin
import GameProtocol
import GameServer
import Glibc
import Support
import Synchronization
import World

/// The query commands' answers: text laid out for a terminal, and the same facts as JSON.
extension AdminService {
    func statusAnswer() -> AdminAnswer {
        let uptime = Int((MonotonicClock.now() - server.startedAt).wholeSeconds)
        let runners = allWorlds
        var players = 0
        var capacity = 0
        var p50 = 0.0
        var p99 = 0.0
        var messages = 0.0
        var bytes = 0.0
        for runner in runners {
            let metrics = runner.metrics.withLock { $0 }
            players += runner.playerCount.load(ordering: .relaxed)
            capacity += runner.capacity
            let tick = metrics.quantiles([0.5, 0.99])
            p50 = max(p50, tick[0])
            p99 = max(p99, tick[1])
            let rates = metrics.rates(tickRate: server.configuration.tickRate)
            messages += rates.messages
            bytes += rates.bytes
        }
        let process = ProcessStatistics.current()
        let draining = directory.draining.load(ordering: .relaxed)
        let countdown = shutdownSecondsLeft
        var lines = [
            "uptime       \(AdminDuration.format(uptime))",
            "worlds       \(runners.count) × \(server.configuration.playersPerWorld) players at \(server.configuration.tickRate) Hz, "
                + "sent every \(server.configuration.flushInterval) tick(s)"
                + (draining ? " (draining: new players refused)" : ""),
            "players      \(players) of \(capacity), \(server.connectionCount) connection(s)",
            "tick         p50 \(milliseconds(p50)), p99 \(milliseconds(p99)) (worst world, last 10 s)",
            "output       \(Int(messages)) messages/s, \(kibibytes(bytes))/s",
        ]
        if let process {
            lines.append(
                "process      RSS \(mebibytes(process.residentBytes)), CPU \(Int(process.cpuSeconds)) s, "
                    + "\(process.threads) threads, \(process.openFiles) open files")
        }
        if let countdown { lines.append("shutdown     in \(countdown) s") }
        var json: [String: JSONValue] = [
            "uptimeSeconds": .integer(uptime), "worlds": .integer(runners.count), "players": .integer(players),
            "capacity": .integer(capacity), "connections": .integer(server.connectionCount),
            "tickP50Seconds": .number(p50), "tickP99Seconds": .number(p99),
            "messagesPerSecond": .number(messages), "bytesPerSecond": .number(bytes), "draining": .bool(draining),
            "shutdownInSeconds": countdown.map { .integer($0) } ?? .null,
        ]
        if let process {
            json["residentBytes"] = .integer(process.residentBytes)
            json["cpuSeconds"] = .number(process.cpuSeconds)
            json["threads"] = .integer(process.threads)
            json["openFiles"] = .integer(process.openFiles)
        }
        return .ok(lines.joined(separator: "\n"), .object(json))
    }

    func worldsAnswer() -> AdminAnswer {
        var rows = [["WORLD", "PLAYERS", "TICK P50", "TICK P99", "OVERRUNS", "MESSAGES/S", "OUTPUT/S"]]
        var json: [JSONValue] = []
        for runner in allWorlds {
            let metrics = runner.metrics.withLock { $0 }
            let players = runner.playerCount.load(ordering: .relaxed)
            let rates = metrics.rates(tickRate: server.configuration.tickRate)
            let tick = metrics.quantiles([0.5, 0.99])
            rows.append([
                "\(runner.index)", "\(players)/\(runner.capacity)", milliseconds(tick[0]), milliseconds(tick[1]),
                "\(metrics.overruns)", "\(Int(rates.messages))",
                kibibytes(rates.bytes),
            ])
            json.append(
                .object([
                    "world": .integer(runner.index), "players": .integer(players),
                    "capacity": .integer(runner.capacity),
                    "tickP50Seconds": .number(tick[0]), "tickP99Seconds": .number(tick[1]),
                    "overruns": .integer(Int(metrics.overruns)), "messagesPerSecond": .number(rates.messages),
                    "bytesPerSecond": .number(rates.bytes),
                ]))
        }
        return .ok(table(rows), .object(["worlds": .array(json)]))
    }

    func playersAnswer(_ players: [PlayerSummary]) -> AdminAnswer {
        var rows = [["WORLD", "ID", "NAME", "X", "Y", "HP", "ADDRESS", "CONNECTED"]]
        for player in players {
            let info = directory.info(player.session)
            rows.append([
                "\(player.world)", "\(player.id)", AdminTokenizer.quote(player.name), "\(player.x)", "\(player.y)",
                player.alive ? "\(player.hp)/\(player.maxHP)" : "dead", info?.address ?? "-",
                info.map { since($0.connectedAt) } ?? "-",
            ])
        }
        let text = players.isEmpty ? "no players online" : table(rows) + "\n\(players.count) player(s)"
        return .ok(text, .object(["players": .array(players.map(playerJSON))]))
    }

    func whoAnswer(_ players: [PlayerSummary]) -> AdminAnswer {
        let blocks = players.map { player in
            let info = directory.info(player.session)
            return [
                "\(player.name) (#\(player.id)) in world \(player.world)",
                "  position   (\(player.x), \(player.y))" + (player.alive ? "" : " (dead, waiting to revive)"),
                "  hp         \(player.hp) of \(player.maxHP)",
                "  equipment  \(player.weapon.name), \(player.armor.name)",
                "  address    \(info?.address ?? "-")",
                "  connected  "
                    + (info.map {
                        "\(UTCTime(secondsSince1970: $0.connectedAt).dateAndTime) (\(since($0.connectedAt)) ago)"
                    } ?? "-"),
            ].joined(separator: "\n")
        }
        return .ok(blocks.joined(separator: "\n\n"), .object(["players": .array(players.map(playerJSON))]))
    }

    func bansAnswer() -> AdminAnswer {
        let bans = directory.bans(now: MonotonicClock.now())
        guard !bans.isEmpty else { return .ok("no bans", .object(["bans": .array([])])) }
        var rows = [["KIND", "TARGET", "LEFT"]]
        for ban in bans {
            rows.append([ban.kind, ban.target, ban.secondsLeft.map(AdminDuration.format) ?? "until unban"])
        }
        let json = bans.map { ban -> JSONValue in
            .object([
                "kind": .string(ban.kind), "target": .string(ban.target),
                "secondsLeft": ban.secondsLeft.map { .integer($0) } ?? .null,
            ])
        }
        return .ok(table(rows), .object(["bans": .array(json)]))
    }

    private func playerJSON(_ player: PlayerSummary) -> JSONValue {
        let info = directory.info(player.session)
        return .object([
            "world": .integer(player.world), "id": .integer(player.id), "name": .string(player.name),
            "x": .integer(player.x), "y": .integer(player.y), "hp": .integer(player.hp),
            "maxHP": .integer(player.maxHP), "alive": .bool(player.alive), "weapon": .string(player.weapon.name),
            "armor": .string(player.armor.name), "address": info.map { .string($0.address) } ?? .null,
            "connectedAt": info.map { .integer($0.connectedAt) } ?? .null,
        ])
    }
}

/// Left-aligned columns two spaces apart.
func table(_ rows: [[String]]) -> String {
    var widths: [Int] = []
    for row in rows {
        for (index, cell) in row.enumerated() {
            if index == widths.count { widths.append(0) }
            widths[index] = max(widths[index], cell.count)
        }
    }
    return rows.map { row in
        row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}

private func milliseconds(_ seconds: Double) -> String {
    let ms = seconds * 1000
    return ms < 10 ? "\((ms * 100).rounded() / 100) ms" : "\(Int(ms.rounded())) ms"
}

private func kibibytes(_ bytes: Double) -> String {
    bytes < 1024 * 1024 ? "\(Int(bytes / 1024)) KiB" : "\((bytes / 1024 / 1024 * 10).rounded() / 10) MiB"
}

private func mebibytes(_ bytes: Int) -> String {
    "\((Double(bytes) / 1024 / 1024 * 10).rounded() / 10) MiB"
}

/// How long ago `time` (seconds since 1970) was, as `1h02m`.
private func since(_ time: Int) -> String {
    AdminDuration.format(max(0, Int(Glibc.time(nil)) - time))
}

import Admin
import GameProtocol
import Storage
import Support
import World

/// A stored character as the admin console shows it: `character NAME` in full, a row of `characters`.
struct CharacterReport: Sendable {
    let record: CharacterRecord
    let online: Bool

    init(_ record: CharacterRecord, online: Bool) {
        self.record = record
        self.online = online
    }

    private var progress: CharacterProgress { record.progress }

    private static func kindName(_ raw: Int) -> String { EntityKind(rawValue: raw)?.name ?? "kind \(raw)" }

    private var killsByKind: [(String, Int)] {
        progress.kills.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { (Self.kindName($0.key), $0.value) }
    }

    private var totalKills: Int { progress.kills.values.reduce(0, +) }

    /// The achievements earned that this build knows, in the table's order.
    private var earned: [Achievement] { Achievement.all.filter { progress.achievements & $0.bit != 0 } }

    /// `2 of 23: Pest Control, New Threads`; bits this build does not know (a newer one's) are counted apart.
    private var achievementsLine: String {
        let known = Achievement.all.reduce(UInt64(0)) { $0 | $1.bit }
        let unknown = (progress.achievements & ~known).nonzeroBitCount
        let names = earned.map(\.name).joined(separator: ", ")
        return "\(earned.count) of \(Achievement.all.count)" + (names.isEmpty ? "" : ": \(names)")
            + (unknown > 0 ? " (and \(unknown) this build does not know)" : "")
    }

    /// `character NAME`.
    var answer: AdminAnswer {
        let kills = killsByKind.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let text = [
            "\(record.name) (character #\(record.id))" + (online ? ", playing now" : ""),
            "  gear        \(Self.kindName(progress.armor)), \(Self.kindName(progress.weapon))",
            "  hp          \(progress.hp <= 0 ? "dead (full on return)" : "\(progress.hp)")",
            "  checkpoint  \(progress.checkpoint.map(String.init) ?? "a starting area")",
            "  kills       \(totalKills)" + (kills.isEmpty ? "" : ": \(kills)"),
            "  deaths      \(progress.deaths), revives \(progress.revives)",
            "  damage      dealt \(progress.damageDealt), taken \(progress.damageTaken)",
            "  played      \(AdminDuration.format(progress.playSeconds))",
            "  achievements \(achievementsLine)",
            "  password    \(record.passwordHash == nil ? "none" : "set")",
            "  first seen  \(UTCTime(secondsSince1970: Int(record.firstSeen)).dateAndTime)",
            "  last seen   \(UTCTime(secondsSince1970: Int(record.lastSeen)).dateAndTime)",
        ].joined(separator: "\n")
        return .ok(text, json)
    }

    var json: JSONValue {
        var kills: [String: JSONValue] = [:]
        for (name, count) in killsByKind { kills[name] = .integer(count) }
        return .object([
            "id": .integer(Int(record.id)), "name": .string(record.name), "online": .bool(online),
            "armor": .string(Self.kindName(progress.armor)), "weapon": .string(Self.kindName(progress.weapon)),
            "hp": .integer(progress.hp), "checkpoint": progress.checkpoint.map { .integer($0) } ?? .null,
            "kills": .object(kills), "deaths": .integer(progress.deaths), "revives": .integer(progress.revives),
            "damageDealt": .integer(progress.damageDealt), "damageTaken": .integer(progress.damageTaken),
            "playSeconds": .integer(progress.playSeconds), "hasPassword": .bool(record.passwordHash != nil),
            "achievements": .array(earned.map { .string($0.key) }),
            "firstSeen": .integer(Int(record.firstSeen)), "lastSeen": .integer(Int(record.lastSeen)),
        ])
    }

    /// `characters [PATTERN]`: a table of `reports`, with how many match in all.
    static func list(_ reports: [CharacterReport], total: Int, now: Int64) -> AdminAnswer {
        guard !reports.isEmpty else {
            return .ok("no characters match", .object(["characters": .array([]), "total": .integer(0)]))
        }
        var rows = [["NAME", "ARMOR", "WEAPON", "HP", "KILLS", "PLAYED", "LAST SEEN", ""]]
        for report in reports {
            rows.append([
                AdminTokenizer.quote(report.record.name), kindName(report.progress.armor),
                kindName(report.progress.weapon), report.progress.hp <= 0 ? "dead" : "\(report.progress.hp)",
                "\(report.totalKills)", AdminDuration.format(report.progress.playSeconds),
                AdminDuration.format(max(0, Int(now - report.record.lastSeen))) + " ago",
                report.online ? "playing" : "",
            ])
        }
        let shown = reports.count < total ? "\n\(reports.count) of \(total) shown" : "\n\(total) character(s)"
        return .ok(
            table(rows) + shown,
            .object(["characters": .array(reports.map(\.json)), "total": .integer(total)]))
    }
}

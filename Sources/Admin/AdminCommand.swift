/// One admin console command, parsed from a line such as `kick "big bob" spamming` or `ban 10.0.0.7 2h`.
///
/// The same grammar serves the server's own terminal, `wirequest admin` and its one-shot form, so a script and an
/// operator type the same thing.
package enum AdminCommand: Sendable, Equatable {
    case help(String?)
    case status
    case worlds
    case players(world: Int?)
    case who(name: String)
    case kick(name: String, reason: String?)
    case ban(BanTarget, seconds: Int?)
    case unban(BanTarget)
    case bans
    case mute(name: String, seconds: Int?)
    case unmute(name: String)
    case say(text: String)
    case teleport(name: String, x: Int, y: Int)
    case spawn(kind: String, x: Int, y: Int, world: Int?)
    case respawnMobs(world: Int?)
    case character(name: String)
    case characters(pattern: String?)
    case rename(name: String, to: String)
    case delete(name: String)
    case resetPassword(name: String)
    case backup(path: String)
    case audit(count: Int)
    case logLevel(String?)
    case drain(Bool)
    case shutdown(seconds: Int)
    case cancelShutdown

    /// What `ban` and `unban` apply to: a player's name, or an IPv4/IPv6 address.
    package enum BanTarget: Sendable, Equatable, CustomStringConvertible {
        case name(String)
        case address(String)

        package var description: String {
            switch self {
            case .name(let name): "name \(name)"
            case .address(let address): "address \(address)"
            }
        }
    }

    /// Whether the command changes anything (and so is written to the audit log).
    package var isAction: Bool {
        switch self {
        case .help, .status, .worlds, .players, .who, .bans, .character, .characters, .audit: false
        case .logLevel(let level): level != nil
        default: true
        }
    }

    /// Seconds a `shutdown` without an argument waits, warning players in game.
    package static let defaultShutdownSeconds = 10
    /// Longest countdown `shutdown` accepts.
    package static let maxShutdownSeconds = 3600
    /// Longest line the console accepts, in bytes.
    package static let maxLineBytes = 4096
    /// Level names `loglevel` accepts, lowest first.
    package static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// `line` with a command's relative path argument (`backup PATH`) made absolute from `workingDirectory`; any
    /// other line as it is.
    package static func withAbsolutePaths(_ line: String, workingDirectory: String) -> String {
        guard let words = try? AdminTokenizer.split(line), words.count == 2, words[0].lowercased() == "backup",
            !words[1].hasPrefix("/")
        else { return line }
        let directory = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return words[0] + " " + AdminTokenizer.quote(directory + words[1])
    }

    /// Parses one command line. Errors are messages for the operator, with the usage where it helps.
    package static func parse(_ line: String) throws(AdminParseError) -> AdminCommand {
        guard line.utf8.count <= maxLineBytes else {
            throw AdminParseError("line is longer than \(maxLineBytes) bytes")
        }
        let words = try AdminTokenizer.split(line)
        guard let first = words.first else { throw AdminParseError("empty command") }
        let name = first.lowercased()
        guard let spec = AdminCommandSpec.named(name) else {
            throw AdminParseError("unknown command '\(first)'; 'help' lists them")
        }
        var arguments = Arguments(words: Array(words.dropFirst()), spec: spec)
        let command = try arguments.parse()
        try arguments.finish()
        return command
    }
}

/// Why a command line was refused.
package struct AdminParseError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// Walks a command's words with its usage at hand for error messages.
private struct Arguments {
    var words: [String]
    let spec: AdminCommandSpec
    var index = 0

    init(words: [String], spec: AdminCommandSpec) {
        self.words = words
        self.spec = spec
    }

    func usageError(_ why: String) -> AdminParseError {
        AdminParseError("\(why)\nusage: \(spec.usage)")
    }

    mutating func next() -> String? {
        guard index < words.count else { return nil }
        defer { index += 1 }
        return words[index]
    }

    mutating func required(_ what: String) throws(AdminParseError) -> String {
        guard let word = next() else { throw usageError("missing \(what)") }
        return word
    }

    /// Every word left, joined by single spaces (free text: a reason, a chat line).
    mutating func rest() -> String? {
        guard index < words.count else { return nil }
        defer { index = words.count }
        return words[index...].joined(separator: " ")
    }

    mutating func integer(_ what: String, range: ClosedRange<Int>) throws(AdminParseError) -> Int {
        let word = try required(what)
        guard let value = Int(word), range.contains(value) else {
            throw usageError("\(what) must be a whole number in \(range.lowerBound)…\(range.upperBound), not '\(word)'")
        }
        return value
    }

    mutating func optionalInteger(_ what: String, range: ClosedRange<Int>) throws(AdminParseError) -> Int? {
        guard index < words.count else { return nil }
        return try integer(what, range: range)
    }

    mutating func optionalDuration() throws(AdminParseError) -> Int? {
        guard let word = next() else { return nil }
        if ["forever", "permanent", "always"].contains(word.lowercased()) { return nil }
        guard let seconds = AdminDuration.seconds(word), seconds > 0 else {
            throw usageError("'\(word)' is not a duration (e.g. 90, 30s, 10m, 2h, 7d, or forever)")
        }
        return seconds
    }

    func finish() throws(AdminParseError) {
        guard index >= words.count else { throw usageError("unexpected '\(words[index])'") }
    }

    mutating func parse() throws(AdminParseError) -> AdminCommand {
        switch spec.name {
        case "help": return .help(next()?.lowercased())
        case "status": return .status
        case "worlds": return .worlds
        case "players": return .players(world: try optionalInteger("WORLD", range: 0...999))
        case "who": return .who(name: try required("NAME"))
        case "kick": return .kick(name: try required("NAME"), reason: rest())
        case "ban":
            let target = Self.banTarget(try required("NAME or ADDRESS"))
            return .ban(target, seconds: try optionalDuration())
        case "unban": return .unban(Self.banTarget(try required("NAME or ADDRESS")))
        case "bans": return .bans
        case "mute":
            let name = try required("NAME")
            return .mute(name: name, seconds: try optionalDuration())
        case "unmute": return .unmute(name: try required("NAME"))
        case "say":
            guard let text = rest(), !text.isEmpty else { throw usageError("missing TEXT") }
            return .say(text: text)
        case "tp":
            let name = try required("NAME")
            return .teleport(
                name: name, x: try integer("X", range: 0...100_000), y: try integer("Y", range: 0...100_000))
        case "spawn":
            let kind = try required("KIND").lowercased()
            return .spawn(
                kind: kind, x: try integer("X", range: 0...100_000), y: try integer("Y", range: 0...100_000),
                world: try optionalInteger("WORLD", range: 0...999))
        case "respawn-mobs": return .respawnMobs(world: try optionalInteger("WORLD", range: 0...999))
        case "character": return .character(name: try required("NAME"))
        case "characters": return .characters(pattern: next())
        case "rename":
            let name = try required("OLD")
            return .rename(name: name, to: try required("NEW"))
        case "delete": return .delete(name: try required("NAME"))
        case "reset-password": return .resetPassword(name: try required("NAME"))
        case "backup": return .backup(path: try required("PATH"))
        case "audit": return .audit(count: try optionalInteger("COUNT", range: 1...1000) ?? 20)
        case "loglevel":
            guard let level = next()?.lowercased() else { return .logLevel(nil) }
            guard AdminCommand.logLevels.contains(level) else {
                throw usageError("unknown level '\(level)' (\(AdminCommand.logLevels.joined(separator: ", ")))")
            }
            return .logLevel(level)
        case "drain":
            switch next()?.lowercased() {
            case nil, "on": return .drain(true)
            case "off": return .drain(false)
            case let other?: throw usageError("'\(other)': say 'drain' or 'drain off'")
            }
        case "shutdown":
            guard let word = next() else { return .shutdown(seconds: AdminCommand.defaultShutdownSeconds) }
            if word.lowercased() == "cancel" { return .cancelShutdown }
            guard let seconds = AdminDuration.seconds(word), seconds <= AdminCommand.maxShutdownSeconds else {
                throw usageError("'\(word)' is not a countdown of 0…\(AdminCommand.maxShutdownSeconds) seconds")
            }
            return .shutdown(seconds: seconds)
        default:
            throw AdminParseError("command '\(spec.name)' has no parser")
        }
    }

    /// An argument that parses as an IPv4 or IPv6 address is an address; anything else is a name.
    static func banTarget(_ word: String) -> AdminCommand.BanTarget {
        AdminAddress.isIPAddress(word) ? .address(word) : .name(word)
    }
}

/// Durations as operators type them: `90` (seconds), `30s`, `10m`, `2h`, `7d`.
package enum AdminDuration {
    package static func seconds(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let (digits, unit) = units[last].map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), let value = Int(digits), value >= 0
        else { return nil }
        return value * unit
    }

    /// `5400` → `1h30m`; `0` → `0s`.
    package static func format(_ seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        var left = seconds
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where left >= size {
            text += "\(left / size)\(unit)"
            left %= size
        }
        return text
    }
}

/// Recognises IP address literals without resolving anything.
package enum AdminAddress {
    package static func isIPAddress(_ text: String) -> Bool {
        isIPv4(text) || isIPv6(text)
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && (Int(part).map { $0 <= 255 } ?? false)
            }
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.count <= 45 else { return false }
        return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
            && text.split(separator: ":", omittingEmptySubsequences: false).count <= 8
    }
}

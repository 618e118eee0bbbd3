/// A command line aimed at one node of a cluster. Any command may start with `@NODE` (`@node2 players`); `drain` and
/// `shutdown` also take the node as their last word, as operators type them (`drain node2`, `shutdown 30 node2`).
/// On a single server, or without a node, the line is the server's own.
package struct AdminTargetedLine: Sendable, Equatable {
    /// The node named, if any.
    package var node: String?
    /// The command itself, without the node.
    package var line: String

    package init(node: String?, line: String) {
        self.node = node
        self.line = line
    }

    /// Whether `name` can be a node's id: 1 to 32 ASCII letters, digits, `-` and `_`.
    package static func isNodeName(_ name: some StringProtocol) -> Bool {
        (1...32).contains(name.utf8.count)
            && name.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || isAlphanumeric($0) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Splits the node off `line`; a line that names none (or is malformed: the command's parser says why) comes
    /// back whole.
    package static func split(_ line: String) -> AdminTargetedLine {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("@") {
            let name = trimmed.dropFirst().prefix { $0 != " " && $0 != "\t" }
            let rest = trimmed.dropFirst(1 + name.count).drop { $0 == " " || $0 == "\t" }
            if isNodeName(name) { return AdminTargetedLine(node: String(name), line: String(rest)) }
            return AdminTargetedLine(node: nil, line: line)
        }
        guard let words = try? AdminTokenizer.split(line), let first = words.first?.lowercased(), words.count >= 2,
            let last = words.last, isNodeName(last)
        else { return AdminTargetedLine(node: nil, line: line) }
        let middle = words.dropFirst().dropLast().map(AdminTokenizer.quote)
        switch first {
        case "drain" where words.count <= 3 && !["on", "off"].contains(last.lowercased()):
            return AdminTargetedLine(node: last, line: (["drain"] + middle).joined(separator: " "))
        case "shutdown" where words.count <= 3 && last.lowercased() != "cancel" && AdminDuration.seconds(last) == nil:
            return AdminTargetedLine(node: last, line: (["shutdown"] + middle).joined(separator: " "))
        default:
            return AdminTargetedLine(node: nil, line: line)
        }
    }
}

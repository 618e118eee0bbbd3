/// The admin socket's protocol, small enough to drive by hand with `socat - UNIX-CONNECT:wirequest.sock`:
///
/// - request: one command line ending in `\n` (at most ``AdminCommand/maxLineBytes``). A leading `--json ` asks
///   for the answer as JSON.
/// - response: a head line `OK <n>`, `ERR <n>` or `USAGE <n>`, then exactly `n` bytes of body (text or JSON).
///
/// Requests on one connection are answered in order. Length-prefixed bodies let answers hold any text, blank lines
/// included, without an end marker that a player's name could contain.
package enum AdminStatus: String, Sendable, Equatable {
    /// Done (or answered).
    case ok = "OK"
    /// Understood but refused or failed: no such player, not walkable…
    case error = "ERR"
    /// Not understood: unknown command, wrong arguments.
    case usage = "USAGE"

    /// `wirequest admin`'s exit status for a one-shot command: 0, 1 or 64 (EX_USAGE).
    package var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .error: 1
        case .usage: 64
        }
    }
}

package struct AdminResponse: Sendable, Equatable {
    package var status: AdminStatus
    package var body: String

    package init(_ status: AdminStatus, _ body: String) {
        self.status = status
        self.body = body
    }

    /// Head line and body, ready to write.
    package var encoded: [UInt8] {
        let body = Array(self.body.utf8)
        return Array("\(status.rawValue) \(body.count)\n".utf8) + body
    }
}

/// A request line split into its output format and its command text.
package struct AdminRequestLine: Sendable, Equatable {
    package var json: Bool
    package var command: String

    package init(json: Bool, command: String) {
        self.json = json
        self.command = command
    }

    package init(_ line: String) {
        var text = Substring(line)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        if text.hasPrefix("--json"), text.count == 6 || text.dropFirst(6).first?.isWhitespace == true {
            self.init(json: true, command: String(text.dropFirst(6).drop(while: \.isWhitespace)))
        } else {
            self.init(json: false, command: String(text))
        }
    }

    package var encoded: [UInt8] { Array(((json ? "--json " : "") + command + "\n").utf8) }
}

/// Cuts a byte stream into lines of at most `limit` bytes (server side). An over-long line is reported once and
/// skipped up to its newline, so one bad request does not poison the ones after it.
package struct AdminLineBuffer: Sendable {
    package enum Item: Sendable, Equatable {
        case line(String)
        case tooLong
    }

    private var pending: [UInt8] = []
    private var discarding = false
    package let limit: Int

    package init(limit: Int = AdminCommand.maxLineBytes) {
        self.limit = limit
    }

    package mutating func feed(_ bytes: some Sequence<UInt8>) -> [Item] {
        var items: [Item] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if discarding {
                    discarding = false
                } else {
                    if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                    items.append(.line(String(decoding: pending, as: UTF8.self)))
                }
                pending.removeAll(keepingCapacity: true)
            } else if !discarding {
                pending.append(byte)
                if pending.count > limit {
                    items.append(.tooLong)
                    pending.removeAll()
                    discarding = true
                }
            }
        }
        return items
    }
}

/// Reassembles responses from a byte stream (client side).
package struct AdminResponseParser: Sendable {
    /// Largest body accepted: a `players` list of a big server fits many times over.
    package static let maxBody = 16 * 1024 * 1024

    private var buffer: [UInt8] = []

    package init() {}

    package mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete response, nil if more bytes are needed; throws on a malformed head.
    package mutating func next() throws(AdminParseError) -> AdminResponse? {
        guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.count > 64 { throw AdminParseError("malformed response head") }
            return nil
        }
        let head = String(decoding: buffer[..<newline], as: UTF8.self).split(separator: " ")
        guard head.count == 2, let status = AdminStatus(rawValue: String(head[0])), let length = Int(head[1]),
            (0...Self.maxBody).contains(length)
        else { throw AdminParseError("malformed response head") }
        let start = newline + 1
        guard buffer.count - start >= length else { return nil }
        let body = String(decoding: buffer[start..<(start + length)], as: UTF8.self)
        buffer.removeFirst(start + length)
        return AdminResponse(status, body)
    }
}

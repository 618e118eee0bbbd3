import HTTP

/// The parameters of an accepted permessage-deflate (RFC 7692 §7.1), and the negotiation of them.
///
/// WireQuest asks the peer not to use context takeover (so one inflate stream per loop serves every connection). On
/// its own side it either compresses every message alone with one deflate stream per loop (no state per connection)
/// or, when configured, keeps a small per-connection history (context takeover), which is what makes the game's
/// small messages compress well.
package struct PerMessageDeflateParameters: Sendable, Equatable {
    /// The server compresses each message independently (§7.1.1.1).
    package var serverNoContextTakeover = false
    /// The client compresses each message independently (§7.1.1.2).
    package var clientNoContextTakeover = false
    /// The largest LZ77 window the server may use, 8…15 (§7.1.2.1); nil for the default of 15.
    package var serverMaxWindowBits: Int?
    /// The largest LZ77 window the client may use, 8…15 (§7.1.2.2); nil for the default of 15.
    package var clientMaxWindowBits: Int?

    /// Parameters with every field at its default.
    package init() {}

    /// The extension's name in `Sec-WebSocket-Extensions`.
    package static let name = "permessage-deflate"

    /// The value of `Sec-WebSocket-Extensions` stating these parameters.
    package var headerValue: String {
        var text = Self.name
        if serverNoContextTakeover { text += "; server_no_context_takeover" }
        if clientNoContextTakeover { text += "; client_no_context_takeover" }
        if let serverMaxWindowBits { text += "; server_max_window_bits=\(serverMaxWindowBits)" }
        if let clientMaxWindowBits { text += "; client_max_window_bits=\(clientMaxWindowBits)" }
        return text
    }

    /// The window our side may compress with in `role`: what the peer allowed, else 15.
    package func sendWindowBits(role: WebSocketRole) -> Int {
        (role == .server ? serverMaxWindowBits : clientMaxWindowBits) ?? 15
    }

    /// Whether our side in `role` may keep its compression history from one message to the next.
    package func sendsWithContext(role: WebSocketRole) -> Bool {
        role == .server ? !serverNoContextTakeover : !clientNoContextTakeover
    }

    // MARK: - Server side

    /// The server's answer to a client's `Sec-WebSocket-Extensions` fields (RFC 7692 §5, §7.1): the first valid
    /// permessage-deflate offer, answered with `client_no_context_takeover` (which §7.1.1.2 lets a server add
    /// unasked), with `server_no_context_takeover` unless `serverContextTakeover` and the client did not ask for it,
    /// and with the client's `server_max_window_bits` limit echoed. Nil when no offer is acceptable; malformed
    /// offers (unknown or repeated parameters, bad values) are declined, not failed (§7.1).
    package static func negotiate(
        offers fields: [String], serverContextTakeover: Bool = false
    ) -> PerMessageDeflateParameters? {
        for field in fields {
            for offer in ExtensionList.split(field) where offer.name == name {
                guard let offered = parse(offer.parameters, isOffer: true) else { continue }
                var answer = PerMessageDeflateParameters()
                answer.serverNoContextTakeover = offered.serverNoContextTakeover || !serverContextTakeover
                answer.clientNoContextTakeover = true
                answer.serverMaxWindowBits = offered.serverMaxWindowBits
                return answer
            }
        }
        return nil
    }

    // MARK: - Client side

    /// The offer a WireQuest client sends: it compresses each message alone (so a server needs no inflate state per
    /// connection) and lets the server keep context, which is what browsers offer too.
    package static let clientOffer = "permessage-deflate; client_no_context_takeover"

    /// What a client makes of the server's `Sec-WebSocket-Extensions` fields.
    package enum Answer: Equatable, Sendable {
        /// No permessage-deflate in the answer: messages go uncompressed.
        case declined
        /// permessage-deflate with these parameters.
        case accepted(PerMessageDeflateParameters)
        /// The client must fail the connection (RFC 7692 §5.1): an extension we did not offer, or a repeated or
        /// malformed parameter.
        case invalid(String)
    }

    /// Checks a server's answer to ``clientOffer``.
    package static func checkAnswer(_ fields: [String]) -> Answer {
        var accepted: PerMessageDeflateParameters?
        for field in fields {
            for element in ExtensionList.split(field) {
                guard element.name == name, accepted == nil else {
                    return .invalid("unexpected extension in the answer")
                }
                guard var parameters = parse(element.parameters, isOffer: false) else {
                    return .invalid("malformed permessage-deflate answer")
                }
                // We offered client_no_context_takeover, so we compress without context whatever the answer says.
                parameters.clientNoContextTakeover = true
                accepted = parameters
            }
        }
        return accepted.map { .accepted($0) } ?? .declined
    }

    // MARK: - Parsing

    /// The parameters of one offer or answer, nil if any is unknown, repeated or has a bad value (§7.1). In an
    /// offer `client_max_window_bits` may come without a value (the client can honour a limit; §7.1.2.2).
    static func parse(_ parameters: [(name: Substring, value: Substring?)], isOffer: Bool) -> Self? {
        var result = PerMessageDeflateParameters()
        var seen: Set<Substring> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { return nil }
            switch name {
            case "server_no_context_takeover":
                guard value == nil else { return nil }
                result.serverNoContextTakeover = true
            case "client_no_context_takeover":
                guard value == nil else { return nil }
                result.clientNoContextTakeover = true
            case "server_max_window_bits":
                guard let value, let bits = windowBits(value) else { return nil }
                result.serverMaxWindowBits = bits
            case "client_max_window_bits":
                if let value {
                    guard let bits = windowBits(value) else { return nil }
                    result.clientMaxWindowBits = bits
                } else if !isOffer {
                    return nil
                }
            default:
                return nil
            }
        }
        return result
    }

    /// 8…15 written as a decimal without leading zeros (§7.1.2.1).
    private static func windowBits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 2, text.first != "0", text.allSatisfy({ $0.isASCII && $0.isNumber }),
            let bits = Int(text), (8...15).contains(bits)
        else { return nil }
        return bits
    }
}

/// The `Sec-WebSocket-Extensions` grammar (RFC 6455 §9.1): comma-separated extensions, each a token followed by
/// `;`-separated parameters, each a token with an optional `=` value (token or quoted string).
enum ExtensionList {
    struct Element {
        var name: Substring
        var parameters: [(name: Substring, value: Substring?)]
    }

    /// The elements of one field value; a malformed element comes back with an empty name, so it matches nothing.
    static func split(_ field: String) -> [Element] {
        var elements: [Element] = []
        for item in splitOutsideQuotes(Substring(field), on: ",") {
            let parts = splitOutsideQuotes(item, on: ";")
            let name = parts[0].trimmingOWS()
            if name.isEmpty && parts.count == 1 { continue }  // empty list elements are allowed (RFC 9110 §5.6.1)
            var element = Element(name: isToken(name) ? name : "", parameters: [])
            for part in parts.dropFirst() {
                let text = part.trimmingOWS()
                if let equals = text.firstIndex(of: "=") {
                    let key = text[..<equals].trimmingOWS()
                    var value = text[text.index(after: equals)...].trimmingOWS()
                    if value.count >= 2 && value.first == "\"" && value.last == "\"" {
                        value = value.dropFirst().dropLast()
                    }
                    if !isToken(key) || !isToken(value) { element.name = "" }
                    element.parameters.append((key, value))
                } else {
                    if !isToken(text) { element.name = "" }
                    element.parameters.append((text, nil))
                }
            }
            elements.append(element)
        }
        return elements
    }

    private static func splitOutsideQuotes(_ text: Substring, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { quoted.toggle() }
            if character == separator && !quoted {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start...])
        return parts
    }

    /// An RFC 9110 token: visible ASCII without separators.
    private static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?={}".utf8.contains(byte)
            }
    }
}

/// Which request header the server's trusted proxies write the client's address into. Only one is read: a proxy
/// appends to the header it writes and passes the other through untouched, so reading both would let a client
/// spoof its address through the one its proxy does not write.
package enum ForwardedHeader: String, Sendable, CaseIterable {
    /// Neither (the proxies speak the PROXY protocol, or do not name clients).
    case none
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx, HAProxy's `option forwardfor`, cloud load balancers).
    case xForwardedFor = "x-forwarded-for"
    /// RFC 7239 `Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"`.
    case forwarded

    /// The node of every hop the header names, oldest first (the right-most was added by the proxy closest to
    /// us). Every line of the field counts, in order, as one list (RFC 9110 §5.3). Quoting is removed; a
    /// `Forwarded` element without `for=` is `unknown`.
    package func nodes(in headers: HTTPHeaders) -> [String] {
        switch self {
        case .none:
            return []
        case .xForwardedFor:
            return headers[all: "X-Forwarded-For"].flatMap { line in
                line.split(separator: ",").map { String($0.trimmingOWS()) }
            }
        case .forwarded:
            return headers[all: "Forwarded"].flatMap(Self.forwardedNodes)
        }
    }

    /// The `for` node of each element of one `Forwarded` line (RFC 7239 §4): elements split at commas and pairs
    /// at semicolons outside quoted strings, parameter names case-insensitive.
    static func forwardedNodes(_ line: String) -> [String] {
        var nodes: [String] = []
        var element: String?
        var name = ""
        var value = ""
        var inValue = false
        var quoted = false
        var escaped = false
        func endPair() {
            if inValue, element == nil, HTTPHeaders.equalsIgnoringCase(name, "for") { element = value }
            name = ""
            value = ""
            inValue = false
        }
        for character in line.unicodeScalars {
            if quoted {
                if escaped {
                    value.unicodeScalars.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted = false
                } else {
                    value.unicodeScalars.append(character)
                }
                continue
            }
            switch character {
            case "\"" where inValue:
                quoted = true
            case ";":
                endPair()
            case ",":
                endPair()
                nodes.append(element ?? "unknown")
                element = nil
            case "=" where !inValue:
                inValue = true
            case " ", "\t":
                break
            default:
                if inValue { value.unicodeScalars.append(character) } else { name.unicodeScalars.append(character) }
            }
        }
        endPair()
        nodes.append(element ?? "unknown")
        return nodes
    }
}

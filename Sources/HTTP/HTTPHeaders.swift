/// An ordered list of header fields with case-insensitive lookup by name (RFC 9110 §5.1).
///
/// Names are kept as received; lookups compare ASCII case-insensitively without allocating.
package struct HTTPHeaders: Sendable, Equatable, Sequence {
    package private(set) var fields: [(name: String, value: String)] = []

    package init() {}

    package init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    package var count: Int { fields.count }

    package mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field called `name` with one field.
    package mutating func replaceOrAdd(name: String, value: String) {
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
        fields.append((name: name, value: value))
    }

    package mutating func remove(name: String) {
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// The first value of `name`, or nil.
    package subscript(first name: String) -> String? {
        fields.first { Self.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    package subscript(all name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    package func contains(name: String) -> Bool {
        fields.contains { Self.equalsIgnoringCase($0.name, name) }
    }

    /// Whether any `name` field holds `token` in its comma-separated list, case-insensitively
    /// (`Connection: keep-alive, Upgrade` holds `upgrade`).
    package func containsToken(_ token: String, inField name: String) -> Bool {
        for field in fields where Self.equalsIgnoringCase(field.name, name) {
            for part in field.value.split(separator: ",") {
                let trimmed = part.trimmingOWS()
                if Self.equalsIgnoringCase(trimmed, token) { return true }
            }
        }
        return false
    }

    package func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    package static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// ASCII case-insensitive comparison; header names and tokens are ASCII.
    package static func equalsIgnoringCase(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        var ai = a.utf8.makeIterator()
        var bi = b.utf8.makeIterator()
        while true {
            switch (ai.next(), bi.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                if x | 0x20 != y | 0x20 { return false }
                let lower = x | 0x20
                if lower < UInt8(ascii: "a") || lower > UInt8(ascii: "z") { return false }
            default: return false
            }
        }
    }
}

extension StringProtocol {
    /// Drops leading and trailing spaces and tabs (RFC 9110 §5.6.3 optional whitespace).
    package func trimmingOWS() -> Substring {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}

extension HTTPHeaders {
    /// The Content-Length, nil when absent, or a 400 error when a value is not all digits or values differ.
    ///
    /// RFC 9110 §8.6 lets a recipient accept `42, 42` (or repeated fields) as one value when all members
    /// are identical; anything else is an invalid length and RFC 9112 §6.3 rule 5 makes it a 400.
    package func parsedContentLength() -> Result<Int?, HTTPParseError> {
        var length: Int?
        for value in self[all: "Content-Length"] {
            for member in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let parsed = HTTPASCII.parseDecimal(member.trimmingOWS().utf8) else {
                    return .failure(.badRequest("invalid Content-Length"))
                }
                if let length, length != parsed { return .failure(.badRequest("conflicting Content-Length values")) }
                length = parsed
            }
        }
        return .success(length)
    }
}

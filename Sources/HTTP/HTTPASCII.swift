/// Byte classes and small parsers from the HTTP grammar (RFC 9110 §5.6, RFC 9112 §2.3).
enum HTTPASCII {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let sp = UInt8(ascii: " ")
    static let ht = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|"
    // / "~" / DIGIT / ALPHA. A 256-entry table keeps the per-byte check branch-free.
    private static let tcharTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for scalar in "!#$%&'*+-.^_`|~".utf8 { table[Int(scalar)] = true }
        return table
    }()

    /// Whether `byte` may appear in a token (method, field name, transfer coding).
    static func isTChar(_ byte: UInt8) -> Bool { tcharTable[Int(byte)] }

    /// Whether every byte is a tchar and there is at least one.
    static func isToken(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTChar)
    }

    /// Whether `byte` may appear inside a field value (RFC 9110 §5.5: field-vchar, SP, HTAB, obs-text).
    /// NUL, DEL and the other controls may not: RFC 9110 §5.5 lets a recipient reject them.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == ht || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether `byte` may appear in a request-target: visible ASCII only (RFC 3986 §2; RFC 9112 §3.2 forbids
    /// whitespace inside the target).
    static func isTargetByte(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Parses `HTTP/d.d` (RFC 9112 §2.3: HTTP-name is case-sensitive, one digit each side).
    /// Well-formed versions other than 1.0 and 1.1 are 505; anything else is 400.
    static func parseVersion(_ bytes: some Collection<UInt8>) -> Result<HTTPVersion, HTTPParseError> {
        let b = Array(bytes)
        guard b.count == 8, b[0..<5].elementsEqual("HTTP/".utf8), isDigit(b[5]), b[6] == UInt8(ascii: "."),
            isDigit(b[7])
        else { return .failure(.badRequest("malformed HTTP version")) }
        let version = HTTPVersion(major: Int(b[5] - UInt8(ascii: "0")), minor: Int(b[7] - UInt8(ascii: "0")))
        // The brief for this server is strict: only the two versions it implements are accepted, instead of
        // RFC 9110 §6.2's "treat 1.x as the highest 1.x supported".
        guard version == .http1_0 || version == .http1_1 else { return .failure(.versionNotSupported) }
        return .success(version)
    }

    /// Parses a run of ASCII digits into an Int; nil when empty, not all digits, or over 18 digits.
    static func parseDecimal(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

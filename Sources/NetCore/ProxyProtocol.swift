/// What a PROXY protocol header (HAProxy's `proxy-protocol.txt`, versions 1 and 2) said about a connection.
package struct ProxyHeader: Sendable, Equatable {
    /// The client's address as the proxy saw it; nil when the header says to keep the connection's own endpoints
    /// (v1 `UNKNOWN`, v2 `LOCAL`, or a family or transport other than TCP over IPv4 or IPv6).
    package var source: IPAddress?
    package var sourcePort: Int?

    package init(source: IPAddress?, sourcePort: Int?) {
        self.source = source
        self.sourcePort = sourcePort
    }
}

/// Sans-IO parser of the PROXY protocol header a proxy sends before any other byte of a connection.
package enum ProxyProtocol {
    /// The result of looking at the first bytes of a connection.
    package enum ParseResult: Sendable, Equatable {
        /// The bytes so far may still become a header: wait for more.
        case needMore
        /// The connection does not start with a PROXY header: its bytes are the application protocol's.
        case absent
        /// A complete header of `length` bytes; what follows belongs to the application protocol.
        case header(ProxyHeader, length: Int)
        /// A header that does not match the specification: the connection must be closed.
        case invalid(String)
    }

    /// Version 2's 12-byte signature.
    package static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    /// The longest version 1 line, CRLF included (`PROXY UNKNOWN` with two full IPv6 addresses and ports).
    package static let maxV1Length = 107
    /// The longest version 2 address block and TLVs accepted: room for Unix addresses (216 bytes) and the TLVs
    /// load balancers add (ALPN, authority, TLS details, cloud endpoint ids), far below the 64 KiB the field
    /// allows, so a header cannot grow our buffers.
    package static let maxV2PayloadLength = 1024
    /// The longest header of either version.
    package static let maxLength = 16 + maxV2PayloadLength

    private static let v1Prefix = Array("PROXY ".utf8)

    /// Parses the header at the start of `bytes` (the connection's first bytes, as many as have arrived).
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult {
        if startsWith(bytes, v1Prefix) {
            return bytes.count < v1Prefix.count ? .needMore : parseV1(bytes)
        }
        if startsWith(bytes, v2Signature) {
            return bytes.count < 16 ? .needMore : parseV2(bytes)
        }
        return .absent
    }

    /// Whether `bytes` and `prefix` agree on their common length (an empty input agrees with anything).
    private static func startsWith(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        for index in 0..<min(bytes.count, prefix.count) where bytes[index] != prefix[index] { return false }
        return true
    }

    // MARK: - Version 1

    private static func parseV1(_ bytes: UnsafeRawBufferPointer) -> ParseResult {
        var end: Int?
        for index in 0..<min(bytes.count, maxV1Length) {
            let byte = bytes[index]
            if byte == 0x0A {
                // A lone LF must not end the line (§2.1).
                guard index > 0, bytes[index - 1] == 0x0D else { return .invalid("bare LF in v1 header") }
                end = index - 1
                break
            }
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] != 0x0A {
                return .invalid("bare CR in v1 header")
            }
            if byte != 0x0D, byte < 0x20 || byte > 0x7E { return .invalid("control byte in v1 header") }
        }
        guard let end else {
            return bytes.count >= maxV1Length ? .invalid("no CRLF in the first 107 bytes") : .needMore
        }
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<end])
        let fields = line.split(separator: 0x20, omittingEmptySubsequences: false)
        let length = end + 2
        guard fields.count >= 2 else { return .invalid("v1 header without a protocol") }
        switch String(decoding: fields[1], as: UTF8.self) {
        case "UNKNOWN":
            // The receiver ignores the rest of the line and keeps the connection's own endpoints.
            return .header(ProxyHeader(source: nil, sourcePort: nil), length: length)
        case "TCP4", "TCP6":
            guard fields.count == 6 else { return .invalid("v1 header needs 4 fields after the protocol") }
            let v6 = fields[1].last == 0x36
            guard let source = address(fields[2], v6: v6), address(fields[3], v6: v6) != nil else {
                return .invalid("v1 header address not of its family")
            }
            guard let sourcePort = port(fields[4]), port(fields[5]) != nil else {
                return .invalid("v1 header port not a decimal in 0...65535")
            }
            return .header(ProxyHeader(source: source, sourcePort: sourcePort), length: length)
        default:
            return .invalid("v1 header protocol not TCP4, TCP6 or UNKNOWN")
        }
    }

    private static func address(_ field: Slice<UnsafeRawBufferPointer>, v6: Bool) -> IPAddress? {
        // The family's own text: a TCP4 line holds dotted quads, a TCP6 line colon forms (even v4-mapped ones).
        guard field.contains(0x3A) == v6 else { return nil }
        return IPAddress(String(decoding: field, as: UTF8.self))
    }

    private static func port(_ field: Slice<UnsafeRawBufferPointer>) -> Int? {
        guard (1...5).contains(field.count), field.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        // Leading zeros are refused (§2.1: no octal confusion).
        guard field.count == 1 || field.first != 0x30 else { return nil }
        let value = field.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return value <= 65535 ? value : nil
    }

    // MARK: - Version 2

    private static func parseV2(_ bytes: UnsafeRawBufferPointer) -> ParseResult {
        let versionCommand = bytes[12]
        guard versionCommand >> 4 == 2 else { return .invalid("v2 header version \(versionCommand >> 4)") }
        let command = versionCommand & 0x0F
        guard command <= 1 else { return .invalid("v2 header command \(command)") }
        let family = bytes[13] >> 4
        let transport = bytes[13] & 0x0F
        guard family <= 3, transport <= 2 else { return .invalid("v2 header family or transport unknown") }
        let payload = Int(bytes[14]) << 8 | Int(bytes[15])
        guard payload <= maxV2PayloadLength else { return .invalid("v2 header of \(payload) bytes") }
        guard bytes.count >= 16 + payload else { return .needMore }
        let length = 16 + payload
        let keep = ParseResult.header(ProxyHeader(source: nil, sourcePort: nil), length: length)
        // LOCAL: the proxy's own connection (health checks); the address block, whatever it holds, is skipped.
        guard command == 1 else { return keep }
        let needed = [0, 12, 36, 216][Int(family)]
        guard payload >= needed else { return .invalid("v2 address block of \(payload) bytes, \(needed) needed") }
        // Only TCP over IPv4 or IPv6 names a client we can use; the rest (UNSPEC, UDP, Unix) keeps the endpoints.
        guard transport == 1, family == 1 || family == 2 else { return keep }
        let source: IPAddress?
        let portOffset: Int
        if family == 1 {
            let bits = (16..<20).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[$1]) }
            source = IPAddress(v4: bits)
            portOffset = 24
        } else {
            source = IPAddress(v6: UnsafeRawBufferPointer(rebasing: bytes[16..<32]))
            portOffset = 48
        }
        let sourcePort = Int(bytes[portOffset]) << 8 | Int(bytes[portOffset + 1])
        // TLVs after the addresses (up to `length`) are skipped: nothing here needs them.
        return .header(ProxyHeader(source: source, sourcePort: sourcePort), length: length)
    }
}

import NetCore
import Testing

/// Byte layouts from HAProxy's proxy-protocol.txt (§2.1 and §2.2).
struct ProxyProtocolTests {
    private func parse(_ bytes: [UInt8]) -> ProxyProtocol.ParseResult {
        bytes.withUnsafeBytes { ProxyProtocol.parse($0) }
    }

    private func parse(_ text: String) -> ProxyProtocol.ParseResult { parse(Array(text.utf8)) }

    private func header(_ address: String, _ port: Int?, length: Int) -> ProxyProtocol.ParseResult {
        .header(ProxyHeader(source: IPAddress(address), sourcePort: port), length: length)
    }

    private static let keep = ProxyHeader(source: nil, sourcePort: nil)

    // MARK: Version 1

    @Test func readsTheSpecificationsV1Example() {
        let line = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"
        #expect(
            parse(line + "GET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n") == header("192.168.0.1", 56324, length: 47))
        #expect(line.utf8.count == 47)
    }

    @Test func readsTCP6AndTheLongestLines() {
        let v6 = "PROXY TCP6 2001:db8::1 2001:db8::2 4711 80\r\n"
        #expect(parse(v6) == header("2001:db8::1", 4711, length: v6.utf8.count))
        let full = String(repeating: "ffff:", count: 7) + "ffff"
        let longest = "PROXY UNKNOWN \(full) \(full) 65535 65535\r\n"
        #expect(longest.utf8.count == ProxyProtocol.maxV1Length)
        #expect(parse(longest) == .header(Self.keep, length: 107))
        let tcp6 = "PROXY TCP6 \(full) \(full) 65535 65535\r\n"
        #expect(parse(tcp6) == header(full, 65535, length: 104))
        #expect(parse("PROXY UNKNOWN\r\nGET") == .header(Self.keep, length: 15))
    }

    @Test func waitsForTheWholeLineAndTellsPlainHTTPApart() {
        #expect(parse("") == .needMore)
        #expect(parse("PRO") == .needMore)
        #expect(parse("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r") == .needMore)
        #expect(parse("GET / HTTP/1.1\r\n") == .absent)
        #expect(parse("POST / HTTP/1.1\r\n") == .absent)
        #expect(parse("PRI * HTTP/2.0\r\n") == .absent)
        #expect(parse("PROXYZ") == .absent)
    }

    @Test(arguments: [
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n",  // bare LF
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\rX\n",  // bare CR
        "PROXY TCP4  192.168.0.1 192.168.0.11 56324 443\r\n",  // two spaces
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n",  // a port missing
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 9\r\n",  // a field too many
        "PROXY TCP4 192.168.000.1 192.168.0.11 56324 443\r\n",  // leading zeros (octal confusion)
        "PROXY TCP4 192.168.0.1 192.168.0.11 056324 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n",
        "PROXY TCP4 2001:db8::1 192.168.0.11 56324 443\r\n",  // address of the other family
        "PROXY TCP6 192.168.0.1 2001:db8::2 56324 443\r\n",
        "PROXY UDP4 192.168.0.1 192.168.0.11 56324 443\r\n",
        "PROXY tcp4 192.168.0.1 192.168.0.11 56324 443\r\n",
        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 -443\r\n",
        "PROXY TCP4 192.168.0.1\u{1b}[2J 192.168.0.11 1 2\r\n",
        "PROXY \r\n",
    ])
    func refusesMalformedV1(line: String) {
        guard case .invalid = parse(line) else {
            Issue.record("accepted \(line.debugDescription): \(parse(line))")
            return
        }
    }

    @Test func refusesAV1LineWithoutCRLFIn107Bytes() {
        let long = "PROXY UNKNOWN " + String(repeating: "a", count: 100)
        guard case .invalid = parse(long) else {
            Issue.record("waited for more than 107 bytes")
            return
        }
        #expect(parse(String(long.prefix(106))) == .needMore)
    }

    // MARK: Version 2

    private static let signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]

    /// TCP over IPv4 (`\x21 \x11`, length 12): 192.168.0.1:56324 → 192.168.0.11:443.
    private static let tcp4: [UInt8] =
        signature + [0x21, 0x11, 0x00, 0x0C] + [192, 168, 0, 1] + [192, 168, 0, 11] + [0xDC, 0x04] + [0x01, 0xBB]

    @Test func readsV2TCPOverIPv4() {
        #expect(Self.signature == ProxyProtocol.v2Signature)
        #expect(parse(Self.tcp4 + Array("GET /".utf8)) == header("192.168.0.1", 56324, length: 28))
    }

    @Test func readsV2TCPOverIPv6() {
        let source: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x01]
        let destination: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x02]
        let bytes = Self.signature + [0x21, 0x21, 0x00, 0x24] + source + destination + [0x12, 0x67, 0x00, 0x50]
        #expect(parse(bytes) == header("2001:db8::1", 4711, length: 52))
    }

    @Test func skipsTLVsAndWaitsForTheWholeBlock() {
        // PP2_TYPE_ALPN (0x01), 2 bytes, "h2": the length field counts it, the parser skips it.
        var bytes = Self.tcp4
        bytes[15] = 12 + 5
        bytes += [0x01, 0x00, 0x02, 0x68, 0x32]
        #expect(parse(bytes) == header("192.168.0.1", 56324, length: 33))
        for cut in [1, 11, 12, 15, 16, 20, 32] {
            #expect(parse(Array(bytes.prefix(cut))) == .needMore, "cut at \(cut)")
        }
    }

    @Test func keepsTheConnectionsAddressesForLocalUnspecAndUnix() {
        // LOCAL (health checks) with no address block, and with one it must skip anyway.
        #expect(parse(Self.signature + [0x20, 0x00, 0x00, 0x00]) == .header(Self.keep, length: 16))
        var local = Self.tcp4
        local[12] = 0x20
        #expect(parse(local) == .header(Self.keep, length: 28))
        #expect(parse(Self.signature + [0x21, 0x00, 0x00, 0x00]) == .header(Self.keep, length: 16))
        let unix = Self.signature + [0x21, 0x31, 0x00, 0xD8] + [UInt8](repeating: 0x41, count: 216)
        #expect(parse(unix) == .header(Self.keep, length: 232))
        var udp = Self.tcp4
        udp[13] = 0x12
        #expect(parse(udp) == .header(Self.keep, length: 28))
    }

    @Test func refusesMalformedV2() {
        func invalid(_ bytes: [UInt8]) -> Bool {
            if case .invalid = parse(bytes) { return true }
            return false
        }
        var version1 = Self.tcp4
        version1[12] = 0x11
        #expect(invalid(version1))
        var command = Self.tcp4
        command[12] = 0x22
        #expect(invalid(command))
        var family = Self.tcp4
        family[13] = 0x41
        #expect(invalid(family))
        var transport = Self.tcp4
        transport[13] = 0x13
        #expect(invalid(transport))
        var short = Self.tcp4
        short[15] = 8  // an IPv4 block needs 12 bytes
        #expect(invalid(Array(short.prefix(24))))
        // A length beyond the bound is refused at once, not waited for.
        #expect(invalid(Self.signature + [0x21, 0x11, 0xFF, 0xFF]))
        #expect(invalid(Self.signature + [0x21, 0x11, 0x04, 0x01]))
    }
}

/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4), for `Sec-WebSocket-Key` and
/// `Sec-WebSocket-Accept` (RFC 6455 §4.1, §4.2.2).
package enum Base64 {
    private static let alphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` with padding, so the result's length is always a multiple of 4.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            let group = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(b1 == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 63)])
            out.append(b2 == nil ? UInt8(ascii: "=") : alphabet[Int(group & 63)])
            if b2 == nil { break }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded base64, or nil for anything not canonical: characters outside the alphabet, whitespace,
    /// a length that is not a multiple of 4, misplaced padding, or non-zero bits in the last character before
    /// the padding (RFC 4648 §3.5 lets decoders reject those; doing so makes every byte string have exactly
    /// one accepted encoding).
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = text.utf8
        let count = utf8.count
        guard count % 4 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(count / 4 * 3)
        var iterator = utf8.makeIterator()
        var consumed = 0
        while consumed < count {
            // count % 4 == 0, so four characters are always there.
            let c0 = iterator.next()!
            let c1 = iterator.next()!
            let c2 = iterator.next()!
            let c3 = iterator.next()!
            consumed += 4
            let isLast = consumed == count
            guard let v0 = value(c0), let v1 = value(c1) else { return nil }
            if c3 == UInt8(ascii: "=") {
                guard isLast else { return nil }
                if c2 == UInt8(ascii: "=") {
                    guard v1 & 0x0F == 0 else { return nil }
                    out.append(v0 << 2 | v1 >> 4)
                } else {
                    guard let v2 = value(c2), v2 & 0x03 == 0 else { return nil }
                    out.append(v0 << 2 | v1 >> 4)
                    out.append(v1 << 4 | v2 >> 2)
                }
            } else {
                guard let v2 = value(c2), let v3 = value(c3) else { return nil }
                out.append(v0 << 2 | v1 >> 4)
                out.append(v1 << 4 | v2 >> 2)
                out.append(v2 << 6 | v3)
            }
        }
        return out
    }

    @inline(__always)
    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}

/// SHA-1 (FIPS 180-4 §6.1), used only to compute `Sec-WebSocket-Accept` (RFC 6455 §4.2.2).
///
/// Not for security: SHA-1 is broken for collision resistance, but RFC 6455 mandates it for the handshake,
/// where it only proves that the server understood the WebSocket request.
package struct SHA1: Sendable {
    // The running hash value H0...H4 (FIPS 180-4 §5.3.1).
    private var h0: UInt32 = 0x6745_2301
    private var h1: UInt32 = 0xEFCD_AB89
    private var h2: UInt32 = 0x98BA_DCFE
    private var h3: UInt32 = 0x1032_5476
    private var h4: UInt32 = 0xC3D2_E1F0
    // One 64-byte block being filled, kept inline so hashing never allocates until `finalize`.
    private var block = InlineArray<64, UInt8>(repeating: 0)
    private var blockCount = 0
    private var totalBytes: UInt64 = 0

    /// A hasher that has seen no input.
    package init() {}

    /// Feeds bytes into the hash.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { append(byte) }
    }

    /// Feeds bytes into the hash.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// Pads the message (FIPS 180-4 §5.1.1) and returns the 20-byte digest. The hasher is spent afterwards.
    package mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        append(0x80)
        while blockCount != 56 { append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        var digest = [UInt8]()
        digest.reserveCapacity(20)
        for word in [h0, h1, h2, h3, h4] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// The SHA-1 digest of `bytes` in one call.
    package static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(bytes)
        return hasher.finalize()
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        block[blockCount] = byte
        blockCount += 1
        totalBytes &+= 1
        if blockCount == 64 {
            compress()
            blockCount = 0
        }
    }

    private mutating func compress() {
        // The message schedule W0...W15 as a ring of 16 words (FIPS 180-4 §6.1.3 alternate method).
        var w = InlineArray<16, UInt32>(repeating: 0)
        for i in 0..<16 {
            // Words are big-endian (FIPS 180-4 §3.1).
            w[i] =
                UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16
                | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
        }
        var a = h0
        var b = h1
        var c = h2
        var d = h3
        var e = h4
        for t in 0..<80 {
            let s = t & 15
            if t >= 16 {
                w[s] = (w[(s + 13) & 15] ^ w[(s + 8) & 15] ^ w[(s + 2) & 15] ^ w[s]).rotatedLeft(1)
            }
            let f: UInt32
            let k: UInt32
            switch t {
            // The round functions and constants of FIPS 180-4 §4.1.1 and §4.2.1.
            case 0..<20:
                f = (b & c) | (~b & d)
                k = 0x5A82_7999
            case 20..<40:
                f = b ^ c ^ d
                k = 0x6ED9_EBA1
            case 40..<60:
                f = (b & c) | (b & d) | (c & d)
                k = 0x8F1B_BCDC
            default:
                f = b ^ c ^ d
                k = 0xCA62_C1D6
            }
            let temp = a.rotatedLeft(5) &+ f &+ e &+ k &+ w[s]
            e = d
            d = c
            c = b.rotatedLeft(30)
            b = a
            a = temp
        }
        h0 &+= a
        h1 &+= b
        h2 &+= c
        h3 &+= d
        h4 &+= e
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedLeft(_ count: UInt32) -> UInt32 {
        (self << count) | (self >> (32 - count))
    }
}

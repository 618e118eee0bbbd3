import Testing
import WebSocket

struct SHA1Tests {
    // FIPS 180-2 appendix A vectors (also RFC 3174 §7.3).
    @Test(arguments: [
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(hexString(SHA1.hash(Array(input.utf8))) == digest)
    }

    @Test func oneMillionA() {
        var hasher = SHA1()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { thousand.withUnsafeBytes { hasher.update($0) } }
        #expect(hexString(hasher.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func paddingBoundaries() {
        // Lengths around the 55/56/64-byte padding edges, checked against the one-shot digest of chunked input.
        for length in [54, 55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            var hasher = SHA1()
            for byte in bytes { hasher.update(CollectionOfOne(byte)) }
            #expect(hasher.finalize() == SHA1.hash(bytes), "length \(length)")
        }
        // 56 "a"s: padding spills into a second block.
        #expect(
            hexString(SHA1.hash([UInt8](repeating: 0x61, count: 56)))
                == "c2db330f6083854c99d4b5bfb6e8f29f201be699")
    }

    @Test func oddChunksGiveTheSameDigest() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let expected = SHA1.hash(bytes)
        for chunk in [1, 3, 7, 13, 63, 64, 65, 333] {
            var hasher = SHA1()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                bytes[start..<end].withUnsafeBytes { hasher.update($0) }
                start = end
            }
            #expect(hasher.finalize() == expected, "chunk \(chunk)")
        }
    }
}

import Support
import Testing

/// The hand-written primitives against published vectors (SHA-256: FIPS 180-2 appendix B), and the helpers around
/// them: kernel randomness, hex and constant-time comparison.
@Suite struct CryptoTests {
    @Suite struct SHA256Tests {
        @Test(arguments: [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ])
        func hashesTheFIPSExamples(message: String, digest: String) {
            #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest)
            message.utf8.withContiguousStorageIfAvailable { bytes in
                #expect(Hex.encode(SHA256.hash(UnsafeRawBufferPointer(bytes))) == digest)
            }
        }

        @Test func hashesAMillionAsFedInChunksOfOddSizes() {
            let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
            let digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
            #expect(Hex.encode(SHA256.hash(million)) == digest)
            // Sizes that leave the partial block at every kind of offset, and some that span several blocks.
            let sizes = [1, 3, 7, 55, 56, 63, 64, 65, 127, 129, 1000, 4097]
            var bySlices = SHA256()
            var byPointers = SHA256()
            var offset = 0
            var turn = 0
            while offset < million.count {
                let end = min(offset + sizes[turn % sizes.count], million.count)
                bySlices.update(million[offset..<end])
                million[offset..<end].withUnsafeBytes { byPointers.update($0) }
                offset = end
                turn += 1
            }
            #expect(Hex.encode(bySlices.finalize()) == digest)
            #expect(Hex.encode(byPointers.finalize()) == digest)
        }

        @Test func givesTheSameDigestFedByteByByteAsInOneCall() {
            // Lengths 0...200 cross the padding's edge cases: 55 and 56 (the length fits or needs another block),
            // 63 and 64, 119 and 120.
            var digests = SHA256()
            for length in 0...200 {
                let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
                let oneShot = SHA256.hash(message)
                var byteByByte = SHA256()
                for byte in message { byteByByte.update([byte]) }
                #expect(byteByByte.finalize() == oneShot, "length \(length)")
                // A lazy map is not contiguous, so it takes the byte-at-a-time path.
                #expect(SHA256.hash(message.lazy.map { $0 }) == oneShot, "length \(length)")
                digests.update(oneShot)
            }
            // The SHA-256 of those 201 digests, computed with another implementation (Python's hashlib).
            #expect(
                Hex.encode(digests.finalize()) == "2596dc78bf91fcc2d7cdba569d85e7c20f5d24bdc74fb082da12c7272515aa28")
        }

        @Test func keepsHashingAfterADigestIsTaken() {
            var hasher = SHA256()
            hasher.update(Array("ab".utf8))
            #expect(hasher.finalize() == SHA256.hash(Array("ab".utf8)))
            hasher.update(Array("c".utf8))
            #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
    }

    @Suite struct SecureRandomTests {
        @Test func fillsTheRequestedCount() {
            #expect(SecureRandom.bytes(0).isEmpty)
            for count in [1, 16, 255, 256, 257, 1000] {
                #expect(SecureRandom.bytes(count).count == count)
            }
            // Past one getentropy call's 256 bytes, every chunk is written: a zeroed 16-byte run is a 2^-128 chance.
            var buffer = [UInt8](repeating: 0, count: 1000)
            buffer.withUnsafeMutableBytes { SecureRandom.fill($0) }
            for start in stride(from: 0, to: 1000 - 16, by: 16) {
                #expect(buffer[start..<start + 16].contains { $0 != 0 }, "bytes \(start)...")
            }
        }

        @Test func twoDrawsDiffer() {
            #expect(SecureRandom.bytes(16) != SecureRandom.bytes(16))
        }

        @Test func aMebibyteHoldsEveryByteValue() {
            // Each value is missing with probability (255/256)^1048576, about e^-4096.
            var seen = [Bool](repeating: false, count: 256)
            for byte in SecureRandom.bytes(1 << 20) { seen[Int(byte)] = true }
            #expect(seen.allSatisfy { $0 })
        }
    }

    @Suite struct HexTests {
        @Test func encodesInLowerCaseAndRoundTrips() {
            let all = (0...255).map { UInt8($0) }
            let text = Hex.encode(all)
            #expect(text.count == 512)
            #expect(text.hasPrefix("000102030405060708090a0b0c0d0e0f10"))
            #expect(text.hasSuffix("f9fafbfcfdfeff"))
            #expect(Hex.decode(text) == all)
            #expect(Hex.decode(text.uppercased()) == all)
            #expect(Hex.encode([]) == "")
            #expect(Hex.decode("") == [])
            #expect(Hex.decode("DeadBeef") == [0xDE, 0xAD, 0xBE, 0xEF])
        }

        @Test(arguments: ["0", "abc", "0g", "g0", "zz", " 00", "00 ", "0x00", "-1", "é", "/0", "9:", "@A", "`a", "FG"])
        func rejectsWhatIsNotHex(text: String) {
            #expect(Hex.decode(text) == nil)
        }

        @Test func constantTimeEqualsTellsEqualFromDifferent() {
            #expect(constantTimeEquals([], []))
            #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
            #expect(!constantTimeEquals([1, 2, 3], [0, 2, 3]))
            #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
            #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
            #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
            #expect(!constantTimeEquals([], [0]))
            #expect(!constantTimeEquals([0x80], [0x00]))
        }
    }
}

import Support
import Testing

/// The hand-written primitives against published vectors: FIPS 180-2 appendix B, RFC 4231, RFC 7914 §11 and the
/// SHA-256 versions of RFC 6070's PBKDF2 cases.
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

    @Suite struct HMACSHA256Tests {
        /// RFC 4231 §4.2...§4.8, keys and data in hex.
        static let rfc4231: [(key: String, data: String, code: String)] = [
            (
                String(repeating: "0b", count: 20), Hex.encode(Array("Hi There".utf8)),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                Hex.encode(Array("Jefe".utf8)), Hex.encode(Array("what do ya want for nothing?".utf8)),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
            ),
            // Test case 5 publishes only the first 128 bits.
            (
                String(repeating: "0c", count: 20), Hex.encode(Array("Test With Truncation".utf8)),
                "a3b6167473100ee06e0c796c2955552b"
            ),
            // Test cases 6 and 7: a 131-byte key, longer than a block, is hashed first.
            (
                String(repeating: "aa", count: 131),
                Hex.encode(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                String(repeating: "aa", count: 131),
                Hex.encode(
                    Array(
                        ("This is a test using a larger than block-size key and a larger than block-size data. The key "
                            + "needs to be hashed before being used by the HMAC algorithm.").utf8)),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ]

        @Test(arguments: 0..<7)
        func matchesRFC4231(caseIndex: Int) throws {
            let vector = Self.rfc4231[caseIndex]
            let hmac = HMACSHA256(key: try #require(Hex.decode(vector.key)))
            let data = try #require(Hex.decode(vector.data))
            let code = hmac.authenticationCode(for: data)
            #expect(code.count == 32)
            #expect(Hex.encode(code.prefix(vector.code.count / 2)) == vector.code, "test case \(caseIndex + 1)")
            data.withUnsafeBytes { #expect(hmac.authenticationCode(for: $0) == code) }
        }

        @Test func reusesOneKeyForManyMessages() {
            let hmac = HMACSHA256(key: Array("Jefe".utf8))
            let first = hmac.authenticationCode(for: Array("what do ya want for nothing?".utf8))
            _ = hmac.authenticationCode(for: Array("something else".utf8))
            let again = hmac.authenticationCode(for: Array("what do ya want for nothing?".utf8))
            #expect(again == first)
        }
    }

    @Suite struct PBKDF2Tests {
        @Test func matchesRFC7914WithOneIteration() {
            let key = PBKDF2.deriveKey(
                password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64)
            #expect(
                Hex.encode(key)
                    == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                    + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        }

        // The slowest test: 2 × 80,000 HMACs in a debug build.
        @Test func matchesRFC7914WithEightyThousandIterations() {
            let key = PBKDF2.deriveKey(
                password: Array("Password".utf8), salt: Array("NaCl".utf8), iterations: 80_000, length: 64)
            #expect(
                Hex.encode(key)
                    == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                    + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
        }

        @Test(arguments: [
            (1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
            (2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
            (4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        ])
        func matchesTheSHA256VersionsOfRFC6070(iterations: Int, key: String) {
            let derived = PBKDF2.deriveKey(
                password: Array("password".utf8), salt: Array("salt".utf8), iterations: iterations, length: 32)
            #expect(Hex.encode(derived) == key)
        }

        @Test func derivesAKeyLongerThanOneBlockFromLongInputs() {
            // 40 bytes: all of T(1) and the first 8 bytes of T(2).
            let key = PBKDF2.deriveKey(
                password: Array("passwordPASSWORDpassword".utf8),
                salt: Array("saltSALTsaltSALTsaltSALTsaltSALTsalt".utf8), iterations: 4096, length: 40)
            #expect(
                Hex.encode(key) == "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9")
        }

        @Test func shorterKeysArePrefixesOfLongerOnes() {
            let long = PBKDF2.deriveKey(password: [1, 2, 3], salt: [4, 5, 6], iterations: 3, length: 70)
            for length in [1, 31, 32, 33, 64, 65] {
                let short = PBKDF2.deriveKey(password: [1, 2, 3], salt: [4, 5, 6], iterations: 3, length: length)
                #expect(short[...] == long.prefix(length))
            }
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

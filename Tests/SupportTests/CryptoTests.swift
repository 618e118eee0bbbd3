import Support
import Testing

/// The hand-written cryptographic support: kernel randomness, hex and constant-time comparison.
@Suite struct CryptoTests {
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

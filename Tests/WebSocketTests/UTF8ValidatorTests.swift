import Testing
import WebSocket

/// Feeds `bytes` in one call (or split at `split`) and reports validity of the whole.
private func isValid(_ bytes: [UInt8], split: Int? = nil) -> Bool {
    var validator = UTF8Validator()
    let cut = split ?? bytes.count
    let first = bytes[0..<cut].withUnsafeBytes { validator.validate($0) }
    let second = bytes[cut...].withUnsafeBytes { validator.validate($0) }
    return first && second && validator.isAtCharacterBoundary
}

/// The reference: the standard library's validating initializer.
private func referenceIsValid(_ bytes: [UInt8]) -> Bool {
    String(validating: bytes, as: UTF8.self) != nil
}

/// The index of the first byte at which the input stops being a prefix of valid UTF-8, fed one byte at a time.
private func failurePosition(_ bytes: [UInt8]) -> Int? {
    var validator = UTF8Validator()
    for (position, byte) in bytes.enumerated() where ![byte].withUnsafeBytes({ validator.validate($0) }) {
        return position
    }
    return nil
}

struct UTF8ValidatorTests {
    @Test(arguments: [
        "", "Hello, world", "κόσμε", "Größe", "日本語のテキスト", "Ελληνικά and русский", "🎮🕹️👾 emoji",
        "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}\u{D7FF}\u{E000}\u{FFFD}",
        String(repeating: "ascii fast path ", count: 20) + "é" + String(repeating: "x", count: 17),
    ])
    func acceptsValidText(text: String) {
        let bytes = Array(text.utf8)
        #expect(isValid(bytes))
        for split in 0...bytes.count { #expect(isValid(bytes, split: split), "split at \(split)") }
    }

    // Each invalid class with the index of the byte where it must be detected (Autobahn 6.x expects fail-fast).
    @Test(
        arguments: [
            ([0xC0, 0x80], 0), ([0xC1, 0xBF], 0),  // overlong two-byte forms
            ([0xE0, 0x80, 0x80], 1), ([0xE0, 0x9F, 0xBF], 1),  // overlong three-byte forms
            ([0xF0, 0x80, 0x80, 0x80], 1), ([0xF0, 0x8F, 0xBF, 0xBF], 1),  // overlong four-byte forms
            ([0xED, 0xA0, 0x80], 1), ([0xED, 0xBF, 0xBF], 1),  // UTF-16 surrogates
            ([0xF4, 0x90, 0x80, 0x80], 1), ([0xF5, 0x80, 0x80, 0x80], 0), ([0xFF], 0), ([0xFE], 0),  // past U+10FFFF
            ([0x80], 0), ([0xBF], 0), ([0x41, 0x80], 1),  // lone continuation bytes
            ([0xC2, 0x41], 1), ([0xE1, 0x80, 0x41], 2), ([0xF1, 0x80, 0x80, 0xC2], 3),  // truncated sequences
            ([0x68, 0x69, 0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80], 14),
        ] as [([UInt8], Int)])
    func rejectsAtTheFirstBadByte(bytes: [UInt8], position: Int) {
        #expect(failurePosition(bytes) == position)
        #expect(!isValid(bytes))
        var validator = UTF8Validator()
        #expect(bytes.withUnsafeBytes { validator.validatePrefix($0) } == position)
        #expect(validator.hasFailed)
        // Once failed, it stays failed until reset.
        #expect(![UInt8(ascii: "a")].withUnsafeBytes { validator.validate($0) })
        validator.reset()
        #expect([UInt8(ascii: "a")].withUnsafeBytes { validator.validate($0) })
    }

    @Test func truncatedSequenceIsAValidPrefixButNotAtBoundary() {
        var validator = UTF8Validator()
        #expect([UInt8]([0xF0, 0x9F, 0x8E]).withUnsafeBytes { validator.validate($0) })
        #expect(!validator.isAtCharacterBoundary)
        #expect([UInt8]([0xAE]).withUnsafeBytes { validator.validate($0) })
        #expect(validator.isAtCharacterBoundary)
    }

    @Test func failureInsideLongASCIIRunIsFoundAtItsOffset() {
        for offset in [0, 1, 7, 8, 9, 15, 16, 63, 64, 100] {
            var bytes = [UInt8](repeating: 0x61, count: 128)
            bytes[offset] = 0xFF
            var validator = UTF8Validator()
            #expect(bytes.withUnsafeBytes { validator.validatePrefix($0) } == offset)
        }
    }

    @Test func agreesWithTheStandardLibraryOnShortSequences() {
        // Every 1-byte sequence, every 2-byte one led by a non-ASCII byte, and 3- and 4-byte sequences over the bytes where the ranges change.
        let edges: [UInt8] = [
            0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4,
            0xF5, 0xFF,
        ]
        var cases: [[UInt8]] = []
        for a in 0...255 {
            cases.append([UInt8(a)])
            // After an ASCII byte the second byte starts afresh, so the edge bytes are enough there.
            for b in a < 0x80 ? edges.map(Int.init) : Array(0...255) { cases.append([UInt8(a), UInt8(b)]) }
        }
        for a: UInt8 in [0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5] {
            for b in edges {
                for c in edges {
                    cases.append([a, b, c])
                    if a >= 0xF0 { for d in edges { cases.append([a, b, c, d]) } }
                }
            }
        }
        var mismatches: [String] = []
        for bytes in cases {
            if isValid(bytes) != referenceIsValid(bytes) { mismatches.append("whole \(hexString(bytes))") }
            // Fail-fast: a prefix is accepted exactly when some continuation makes it valid. After the second
            // byte any continuation byte is allowed, so uniform tails of 80 or BF cover every completion.
            var validator = UTF8Validator()
            let accepted = bytes.withUnsafeBytes { validator.validate($0) }
            let completable = (0...3).contains { length in
                [0x80, 0xBF].contains { referenceIsValid(bytes + [UInt8](repeating: $0, count: length)) }
            }
            if accepted != completable { mismatches.append("prefix \(hexString(bytes))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func splitAtEveryPositionGivesTheSameVerdict() {
        let samples: [[UInt8]] = [
            Array("κόσμε 🎮 日本".utf8),
            Array("κόσμε".utf8) + [0xED, 0xA0, 0x80] + Array("abc".utf8),
            Array("abcdefghijklmnop".utf8) + [0xF4, 0x90, 0x80, 0x80],
            Array("valid until the end".utf8) + [0xE2, 0x82],
        ]
        for bytes in samples {
            let whole = isValid(bytes)
            for split in 0...bytes.count { #expect(isValid(bytes, split: split) == whole) }
        }
    }
}

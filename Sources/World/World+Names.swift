/// What makes a player's name one name: one spelling per look, nothing invisible, nothing that turns the text
/// around, no towers of accents.
extension World {
    /// Combining marks one base character may carry (after NFC composed what it could): Thai and Devanagari need
    /// two (`ที่`, `कीं`), stacked "Zalgo" names need dozens.
    package static let maxCombiningMarksPerBase = 2

    /// Why `raw` cannot be a name, or nil when it can: it holds a bidi control (U+202A–202E, U+2066–2069,
    /// U+200E/200F, U+061C), which reorders what follows so a name can pass for another, or an invisible
    /// character (zero-width space and joiners, U+2060–2064, BOM, soft hyphen, Hangul fillers, tags: Unicode's
    /// default-ignorable code points), which makes two names that look alike differ, or stacks more than
    /// ``maxCombiningMarksPerBase`` combining marks on one character. Variation selectors are not refused (emoji
    /// keyboards add U+FE0F on their own): ``sanitizeName(_:maxLength:)`` drops them.
    package static func nameRefusal(_ raw: String) -> String? {
        var marks = 0
        for scalar in nfc(raw).unicodeScalars {
            let properties = scalar.properties
            if properties.isBidiControl { return "name has a text-direction control character" }
            if properties.isVariationSelector { continue }
            if properties.isDefaultIgnorableCodePoint { return "name has an invisible character" }
            marks = isCombiningMark(scalar) ? marks + 1 : 0
            if marks > maxCombiningMarksPerBase { return "name stacks too many accents on one letter" }
        }
        return nil
    }

    /// The name's canonical spelling: NFC, with variation selectors and every character ``nameRefusal(_:)``
    /// refuses dropped, and marks beyond the limit dropped. For names that never went through the refusal (an
    /// operator's `rename`, a name typed into a lookup), so they key the same character as the player's own.
    static func canonicalName(_ raw: String) -> String {
        var kept = String.UnicodeScalarView()
        var marks = 0
        for scalar in nfc(raw).unicodeScalars {
            let properties = scalar.properties
            if properties.isBidiControl || properties.isDefaultIgnorableCodePoint { continue }
            marks = isCombiningMark(scalar) ? marks + 1 : 0
            if marks > maxCombiningMarksPerBase { continue }
            kept.append(scalar)
        }
        return String(kept)
    }

    /// Unicode Normalization Form C. The Swift 6.3 standard library has no public normalization API yet; its
    /// `_nfcCodeUnits` is the one `String` comparison itself uses (same Unicode tables as the stdlib, no copy of
    /// them here). If it goes away, this is the one place to change, and `WorldTests` tell.
    static func nfc(_ text: String) -> String {
        String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }
}

/// Keeps untrusted text in a log line from acting on the operator's terminal or forging lines: control characters
/// (C0 with NUL, ESC, CR and LF; DEL; C1) and bidi controls (which reorder what follows on screen) are written as
/// escapes (`\x1b`, `\n`, `\u{202E}`), so a line stays one line and shows what was sent.
package enum LogEscaping {
    /// `text` with every control and bidi control escaped; `text` itself (no copy) when it has none.
    package static func escape(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F: out += "\\x" + hex(scalar.value, digits: 2)
            case 0x80..<0xA0: out += "\\u{" + hex(scalar.value, digits: 4) + "}"
            default:
                if scalar.properties.isBidiControl {
                    out += "\\u{" + hex(scalar.value, digits: 4) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A byte scan that rules out most lines at once: C0 and DEL are single bytes; C1 (U+0080–009F) starts with
    /// 0xC2, U+061C with 0xD8, and the other bidi controls (U+200E–200F, U+202A–202E, U+2066–2069) with 0xE2.
    private static func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

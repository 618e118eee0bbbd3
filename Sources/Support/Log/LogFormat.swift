/// How a log line is written: for people (`text`, the default) or for log pipelines (`json`, one object a line).
package enum LogFormat: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// `2026-12-05T10:00:00.123Z info [game] message`; metadata is not written (the message says it for people).
    case text
    /// `{"ts":"2026-12-05T10:00:00.123Z","level":"info","label":"game","msg":"message","conn":12}`.
    case json

    package var description: String {
        switch self {
        case .text: "text"
        case .json: "json"
        }
    }

    /// Parses a format name as typed on the command line.
    package init?(name: String) {
        guard let format = LogFormat.allCases.first(where: { $0.description == name.lowercased() }) else {
            return nil
        }
        self = format
    }
}

/// Writes one log record as a single-line JSON object (RFC 8259) without Foundation.
package enum JSONLogLine {
    /// The keys every line has; a metadata field with one of these names is written as `meta_<name>` so that no
    /// object has a key twice.
    static let reservedKeys: Set<String> = ["ts", "level", "label", "msg"]

    package static func line(
        timestamp: String, level: LogLevel, label: String, message: String, metadata: LogMetadata
    ) -> String {
        var out = "{\"ts\":"
        out.reserveCapacity(64 + message.utf8.count + label.utf8.count + metadata.fields.count * 16)
        appendString(timestamp, to: &out)
        out += ",\"level\":"
        appendString(level.description, to: &out)
        out += ",\"label\":"
        appendString(label, to: &out)
        out += ",\"msg\":"
        appendString(message, to: &out)
        for field in metadata.fields {
            out += ","
            appendString(reservedKeys.contains(field.key) ? "meta_" + field.key : field.key, to: &out)
            out += ":"
            switch field.value {
            case .string(let text): appendString(text, to: &out)
            case .int(let number): out += String(number)
            case .uint(let number): out += String(number)
            }
        }
        out += "}"
        return out
    }

    /// `text` as a JSON string. RFC 8259 requires `"`, `\` and U+0000–001F escaped; DEL, C1 controls, bidi controls
    /// and U+2028/2029 are escaped too (valid JSON either way), so that a line shown on a terminal or pasted into
    /// JavaScript is still one line that shows what was sent. Everything else stays UTF-8. A Swift `String` is
    /// always valid Unicode (bad bytes were replaced when it was decoded), so no input can break the line.
    package static func appendString(_ text: String, to out: inout String) {
        out += "\""
        guard needsEscaping(text) else {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029: appendEscape(scalar.value, to: &out)
            default:
                if scalar.properties.isBidiControl {
                    appendEscape(scalar.value, to: &out)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Rules out most strings with one byte scan: the quote, backslash, C0 and DEL are single bytes; C1 starts with
    /// 0xC2, U+061C with 0xD8, the other bidi controls and U+2028/2029 with 0xE2.
    private static func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains {
            $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2
        }
    }

    /// `\uXXXX` (every scalar escaped here is in the Basic Multilingual Plane).
    private static func appendEscape(_ value: UInt32, to out: inout String) {
        let digits = Array("0123456789abcdef".unicodeScalars)
        out += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            out.unicodeScalars.append(digits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}

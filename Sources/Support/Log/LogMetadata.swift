/// One structured field of a log line: text or a number. JSON lines write numbers unquoted, so a log pipeline can
/// filter on `"conn": 12` without parsing the message.
package enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation,
    ExpressibleByIntegerLiteral, CustomStringConvertible
{
    case string(String)
    case int(Int64)
    case uint(UInt64)

    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int64) { self = .int(value) }

    /// Any integer: signed ones as `.int`, unsigned ones as `.uint`, so ids never wrap.
    package init(_ value: some BinaryInteger) {
        if let signed = Int64(exactly: value) {
            self = .int(signed)
        } else {
            self = .uint(UInt64(truncatingIfNeeded: value))
        }
    }

    package var description: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .uint(let number): String(number)
        }
    }
}

/// The fields a log line carries besides its message (`conn`, `addr`, `player`, `world`, ...), in the order given.
/// A dictionary literal builds one: `["player": .string(name), "world": 0]`.
package struct LogMetadata: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    package private(set) var fields: [(key: String, value: LogValue)]

    package init(dictionaryLiteral elements: (String, LogValue)...) {
        fields = elements.map { (key: $0.0, value: $0.1) }
    }

    package var isEmpty: Bool { fields.isEmpty }

    /// These fields, then `other`'s; a key already here is replaced in place.
    package func merging(_ other: LogMetadata) -> LogMetadata {
        guard !fields.isEmpty else { return other }
        var merged = self
        for field in other.fields {
            if let index = merged.fields.firstIndex(where: { $0.key == field.key }) {
                merged.fields[index].value = field.value
            } else {
                merged.fields.append(field)
            }
        }
        return merged
    }

    package static func == (lhs: LogMetadata, rhs: LogMetadata) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
    }
}

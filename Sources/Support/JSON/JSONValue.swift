/// A parsed JSON document (RFC 8259), for configuration files, maps and status pages.
///
/// Numbers without a fraction or exponent that fit `Int` are kept exact as `.integer`; every other number is a
/// `.number`. The two are distinct cases, so `.integer(1) != .number(1)`; compare through `int` or `double` when the
/// spelling should not matter.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Duplicate keys: the last one wins (RFC 8259 §4 leaves it open).
    case object([String: JSONValue])

    /// The member named `key`, or nil if this is not an object or has no such member.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index`, or nil if this is not an array or the index is out of range.
    package subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// An `.integer`, or a `.number` with no fractional part that fits `Int`.
    package var int: Int? {
        switch self {
        case .integer(let value):
            return value
        case .number(let value):
            // Int(exactly:) is nil for fractions, infinities and NaN, and for anything outside Int's range.
            return Int(exactly: value)
        default:
            return nil
        }
    }

    /// Any number, as a `Double` (large integers may lose precision).
    package var double: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    package var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    package var bool: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    package var array: [JSONValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    package var object: [String: JSONValue]? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    package var isNull: Bool { self == .null }

    /// The JSON type's name, for error messages: `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"`,
    /// `"object"`.
    package var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

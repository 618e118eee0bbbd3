import Support

/// The custom properties of a Tiled map object or tile: an array of `{name, type, value}` (Tiled 1.2 and later) or,
/// from older exports, one object of name → value. The last of several equal names wins.
///
/// Values are read leniently because BrowserQuest's TMX-derived maps store every property as a string: an integer
/// property may be `12`, `12.0` or `"12"`, and a yes/no one `true`, `1` or `"1"`.
struct TiledProperties {
    private var values: [String: JSONValue] = [:]
    let file: String
    /// The owner's path, e.g. `layer "doors" object 12`.
    let path: String

    /// Reads `owner`'s `properties` member, if any.
    init(of owner: MapFields) throws(MapLoadError) {
        file = owner.file
        path = owner.path
        switch owner.members["properties"] {
        case nil:
            break
        case .object(let members)?:
            values = members
        case .array(let entries)?:
            for (index, entry) in entries.enumerated() {
                let property = try MapFields(entry, file: file, path: owner.field("properties") + "[\(index)]")
                values[try property.string("name")] = try property.value("value")
            }
        case let other?:
            throw owner.error(.invalidValue, "properties", "expected an array, found \(MapFields.show(other))")
        }
    }

    /// The first of `names` that is present (so synonyms such as `tx`/`x` can be listed in order of preference).
    private func lookup(_ names: [String]) -> (name: String, value: JSONValue)? {
        for name in names {
            if let value = values[name] { return (name, value) }
        }
        return nil
    }

    func field(_ name: String) -> String { "\(path) property \"\(name)\"" }

    private func invalid(_ name: String, _ expected: String, _ value: JSONValue) -> MapLoadError {
        MapLoadError(
            .invalidValue, file: file, field: field(name), "expected \(expected), found \(MapFields.show(value))")
    }

    /// The integer under the first present name, or nil if none is present.
    func optionalInt(_ names: String...) throws(MapLoadError) -> Int? {
        guard let (name, value) = lookup(names) else { return nil }
        if let int = value.int { return int }
        if let text = value.string, let int = Int(text) { return int }
        throw invalid(name, "an integer", value)
    }

    func int(_ names: String...) throws(MapLoadError) -> Int {
        guard let (name, value) = lookup(names) else {
            let list = names.map { "\"\($0)\"" }.joined(separator: " or ")
            throw MapLoadError(.missingField, file: file, field: path, "property \(list) is required")
        }
        if let int = value.int { return int }
        if let text = value.string, let int = Int(text) { return int }
        throw invalid(name, "an integer", value)
    }

    /// The text under the first present name (integers are accepted as their decimal text), or nil.
    func optionalString(_ names: String...) throws(MapLoadError) -> (name: String, value: String)? {
        guard let (name, value) = lookup(names) else { return nil }
        if let text = value.string { return (name, text) }
        if case .integer(let int) = value { return (name, String(int)) }
        throw invalid(name, "a string", value)
    }

    /// Yes/no under the first present name; absent is no.
    func flag(_ names: String...) throws(MapLoadError) -> Bool {
        guard let (name, value) = lookup(names) else { return false }
        switch value {
        case .bool(let flag): return flag
        case .integer(0), .string("0"), .string("false"), .string(""): return false
        case .integer(1), .string("1"), .string("true"): return true
        default: throw invalid(name, "true, false, 1 or 0", value)
        }
    }
}

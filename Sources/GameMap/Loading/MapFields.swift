import Support

/// A JSON object from a map file, with the file name and field path its errors should carry.
///
/// Every accessor throws a `MapLoadError` naming `path.key` when the member is missing (for the required ones) or
/// has the wrong type, so readers can be written as straight-line code.
struct MapFields {
    let members: [String: JSONValue]
    let file: String
    /// Where this object sits, e.g. `doors[3]` or `layer "doors" object 12`; empty for the top level.
    let path: String

    init(_ value: JSONValue, file: String, path: String) throws(MapLoadError) {
        guard case .object(let members) = value else {
            throw MapLoadError(.invalidValue, file: file, field: path, "expected an object, found \(value.typeName)")
        }
        self.members = members
        self.file = file
        self.path = path
    }

    /// The path of member `key`.
    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ kind: MapLoadError.Kind, _ key: String?, _ reason: String) -> MapLoadError {
        MapLoadError(kind, file: file, field: key.map(field) ?? path, reason)
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    func value(_ key: String) throws(MapLoadError) -> JSONValue {
        guard let value = members[key] else { throw error(.missingField, key, "required field is missing") }
        return value
    }

    func int(_ key: String) throws(MapLoadError) -> Int {
        let value = try value(key)
        guard let int = value.int else {
            throw error(.invalidValue, key, "expected an integer, found \(Self.show(value))")
        }
        return int
    }

    func optionalInt(_ key: String) throws(MapLoadError) -> Int? { has(key) ? try int(key) : nil }

    func double(_ key: String) throws(MapLoadError) -> Double {
        let value = try value(key)
        guard let double = value.double else {
            throw error(.invalidValue, key, "expected a number, found \(Self.show(value))")
        }
        return double
    }

    func optionalDouble(_ key: String) throws(MapLoadError) -> Double? { has(key) ? try double(key) : nil }

    func string(_ key: String) throws(MapLoadError) -> String {
        let value = try value(key)
        guard let string = value.string else {
            throw error(.invalidValue, key, "expected a string, found \(Self.show(value))")
        }
        return string
    }

    func optionalString(_ key: String) throws(MapLoadError) -> String? { has(key) ? try string(key) : nil }

    /// A yes/no member, absent meaning no: `true`/`false` or BrowserQuest's `1`/`0`.
    func flag(_ key: String) throws(MapLoadError) -> Bool {
        switch members[key] {
        case nil, .bool(false), .integer(0): return false
        case .bool(true), .integer(1): return true
        case let value?: throw error(.invalidValue, key, "expected true, false, 1 or 0, found \(Self.show(value))")
        }
    }

    func array(_ key: String) throws(MapLoadError) -> [JSONValue] {
        let value = try value(key)
        guard let array = value.array else {
            throw error(.invalidValue, key, "expected an array, found \(Self.show(value))")
        }
        return array
    }

    /// Member `key` as an array of objects, each with the path `key[i]`; absent is an empty array.
    /// A JSON value for an error message, cut short so a wrong-typed array does not flood the log.
    static func show(_ value: JSONValue) -> String {
        let text = value.description
        return text.count <= 40 ? text : text.prefix(40) + "…"
    }

    func optionalObjects(_ key: String) throws(MapLoadError) -> [MapFields] {
        guard has(key) else { return [] }
        var objects: [MapFields] = []
        for (index, element) in try array(key).enumerated() {
            objects.append(try MapFields(element, file: file, path: "\(field(key))[\(index)]"))
        }
        return objects
    }
}

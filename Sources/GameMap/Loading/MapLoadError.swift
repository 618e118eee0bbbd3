/// Why a map could not be loaded: the file, the field (a path such as `doors[3].tx` or
/// `layer "entities" tile (4, 7)`) and the reason.
package struct MapLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of problem, for tests and callers that react differently to each.
    package enum Kind: Sendable, Equatable {
        /// The file could not be read.
        case unreadable
        /// The file is not valid JSON.
        case syntax
        /// Valid JSON, but neither a Tiled map nor a BrowserQuest server map.
        case unknownFormat
        case missingField
        /// A field holds the wrong JSON type or an invalid value.
        case invalidValue
        /// A name that is not an `EntityKind`, or a kind that does not belong where it is used.
        case unknownKind
        /// A coordinate or rectangle outside the map.
        case outOfRange
        /// A Tiled feature the loader does not handle (infinite maps, compressed layers, XML tilesets…).
        case unsupported
        /// The map loaded but cannot host a world (no starting area, a starting area with no walkable tile).
        case unplayable
    }

    package var kind: Kind
    /// The path of the file, or whatever name the caller gave in-memory bytes.
    package var file: String
    /// Where in the file; empty when the problem is the file as a whole.
    package var field: String
    package var reason: String

    package init(_ kind: Kind, file: String, field: String, _ reason: String) {
        self.kind = kind
        self.file = file
        self.field = field
        self.reason = reason
    }

    package var description: String { field.isEmpty ? "\(file): \(reason)" : "\(file): \(field): \(reason)" }
}

/// One row of the protocol table: who sends a message and what follows its code, per direction.
///
/// This is WireQuest's copy of BrowserQuest's `format.js` (client→server argument types) and `message.js`
/// (server→client layouts), kept in one table so that codes, names and arities live in one place. The decoder checks
/// client messages against it, and the DocC article's message table is ``markdownTable`` (a test keeps them equal).
package struct MessageSchema: Sendable {
    /// Which side may send a message.
    package enum Direction: Sendable, Equatable {
        case clientToServer
        case serverToClient
        case both

        /// Whether a client may send a message with this direction.
        package var fromClient: Bool { self != .serverToClient }
        /// Whether the server may send a message with this direction.
        package var fromServer: Bool { self != .clientToServer }
    }

    /// The JSON type of one client argument.
    package enum ArgumentType: Sendable, Equatable {
        /// A JSON integer that fits in `Int32` (BrowserQuest's `n`).
        case integer
        /// A JSON string (BrowserQuest's `s`).
        case string
    }

    /// The message's code.
    package let code: MessageCode
    /// Who may send it.
    package let direction: Direction
    /// The types of the arguments a client sends after the code; empty for server-only messages.
    package let clientArguments: [ArgumentType]
    /// Whether the last client argument repeats (WHO: one or more ids).
    package let clientVariadic: Bool
    /// The names of the fields the server sends after the code, in order (for documentation).
    package let serverFields: [String]

    /// The arity a client message must have, as `ProtocolError.wrongArity` reports it (`"3"`, `"at least 1"`).
    package var clientArity: String {
        clientVariadic ? "at least \(clientArguments.count)" : "\(clientArguments.count)"
    }

    /// Whether a client message with `count` arguments has the right arity.
    package func acceptsClientArgumentCount(_ count: Int) -> Bool {
        clientVariadic ? count >= clientArguments.count : count == clientArguments.count
    }

    /// The expected type of the client argument at `index`, or `nil` past the end of a fixed-arity message.
    package func clientArgumentType(at index: Int) -> ArgumentType? {
        if index < clientArguments.count { return clientArguments[index] }
        return clientVariadic ? clientArguments.last : nil
    }

    /// Every message, indexed by code.
    package static let table: [MessageSchema] = [
        .init(.hello, .clientToServer, [.string, .integer, .integer], client: "name, armor kind, weapon kind"),
        .init(.welcome, .serverToClient, server: ["id", "name", "x", "y", "hp"]),
        .init(.spawn, .serverToClient, server: ["id", "kind", "x", "y", "state by kind (below)"]),
        .init(.despawn, .serverToClient, server: ["id"]),
        .init(.move, .both, [.integer, .integer], client: "x, y", server: ["id", "x", "y"]),
        .init(
            .lootMove, .both, [.integer, .integer, .integer], client: "x, y, item id", server: ["player id", "item id"]),
        .init(.aggro, .clientToServer, [.integer], client: "mob id"),
        .init(.attack, .both, [.integer], client: "mob id", server: ["attacker id", "target id"]),
        .init(.hit, .clientToServer, [.integer], client: "mob id"),
        .init(.hurt, .clientToServer, [.integer], client: "mob id"),
        .init(.health, .serverToClient, server: ["hp", "1 if regenerated (optional)"]),
        .init(.chat, .both, [.string], client: "text", server: ["player id", "text"]),
        .init(.loot, .clientToServer, [.integer], client: "item id"),
        .init(.equip, .serverToClient, server: ["player id", "item kind"]),
        .init(.drop, .serverToClient, server: ["mob id", "item id", "item kind", "[hater id, …]"]),
        .init(.teleport, .both, [.integer, .integer], client: "x, y", server: ["id", "x", "y"]),
        .init(.damage, .serverToClient, server: ["mob id", "points"]),
        .init(.population, .serverToClient, server: ["world count", "total count or null"]),
        .init(.kill, .serverToClient, server: ["mob kind"]),
        .init(.list, .serverToClient, server: ["id, id, …"]),
        .init(.who, .clientToServer, [.integer], variadic: true, client: "id, id, …"),
        .init(.zone, .clientToServer, [], client: ""),
        .init(.destroy, .serverToClient, server: ["id"]),
        .init(.hp, .serverToClient, server: ["max hp"]),
        .init(.blink, .serverToClient, server: ["item id"]),
        .init(.open, .clientToServer, [.integer], client: "chest id"),
        .init(.check, .clientToServer, [.integer], client: "checkpoint id"),
        .init(.notice, .serverToClient, server: ["text (WireQuest only)"]),
        .init(.login, .clientToServer, [.string, .string], client: "name, password (WireQuest only)"),
        .init(
            .password, .both, [.string, .string], client: "new password, current password or \"\" (WireQuest only)",
            server: ["1 if saved, else 0", "text (WireQuest only)"]),
        .init(
            .profile, .serverToClient, server: ["name", "1 if returning", "1 if it has a password (WireQuest only)"]),
        .init(.achievement, .serverToClient, server: ["achievement id", "name", "description (WireQuest only)"]),
        .init(
            .achievements, .serverToClient,
            server: ["[id, name, description, 1 if earned else 0], … (WireQuest only)"]),
    ]

    /// The client fields' names, for the rendered table only.
    private let clientFields: String

    private init(
        _ code: MessageCode, _ direction: Direction, _ clientArguments: [ArgumentType] = [], variadic: Bool = false,
        client clientFields: String = "", server serverFields: [String] = []
    ) {
        self.code = code
        self.direction = direction
        self.clientArguments = clientArguments
        self.clientVariadic = variadic
        self.clientFields = clientFields
        self.serverFields = serverFields
    }

    /// The message table as a Markdown table: code, name, client→server fields with types, server→client fields.
    package static var markdownTable: String {
        var lines = [
            "| Code | Name | Client → server (types) | Arity | Server → client |",
            "|---:|---|---|---|---|",
        ]
        for schema in table {
            let clientColumn: String
            if schema.direction.fromClient {
                let types = schema.clientArguments.map { $0 == .integer ? "n" : "s" }.joined(separator: ",")
                let typeColumn = schema.clientVariadic ? types + "…" : types
                clientColumn = schema.clientArguments.isEmpty ? "(none)" : "\(schema.clientFields) (\(typeColumn))"
            } else {
                clientColumn = "—"
            }
            let arity = schema.direction.fromClient ? schema.clientArity : "—"
            let server = schema.direction.fromServer ? schema.serverFields.joined(separator: ", ") : "—"
            lines.append("| \(schema.code.rawValue) | \(schema.code.name) | \(clientColumn) | \(arity) | \(server) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

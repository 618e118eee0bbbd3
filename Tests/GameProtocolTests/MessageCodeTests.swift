import GameProtocol
import Testing

struct MessageCodeTests {
    /// BrowserQuest's 0…26, in its order, then WireQuest's additions from 27 on.
    @Test func codesAreBrowserQuestsZeroToTwentySixThenWireQuests() {
        let names = [
            "HELLO", "WELCOME", "SPAWN", "DESPAWN", "MOVE", "LOOTMOVE", "AGGRO", "ATTACK", "HIT", "HURT", "HEALTH",
            "CHAT", "LOOT", "EQUIP", "DROP", "TELEPORT", "DAMAGE", "POPULATION", "KILL", "LIST", "WHO", "ZONE",
            "DESTROY", "HP", "BLINK", "OPEN", "CHECK", "NOTICE", "LOGIN", "PASSWORD", "PROFILE",
            "ACHIEVEMENT", "ACHIEVEMENTS",
        ]
        #expect(MessageCode.allCases.map(\.rawValue) == Array(0...32))
        #expect(MessageCode.allCases.map(\.name) == names)
    }

    @Test(arguments: MessageCode.allCases)
    func nameAndSchemaBelongToTheCode(code: MessageCode) {
        #expect(MessageCode(name: code.name) == code)
        #expect(code.description == code.name)
        #expect(code.schema.code == code)
        #expect(MessageSchema.table[code.rawValue].code == code)
    }

    @Test func unknownNamesHaveNoCode() {
        #expect(MessageCode(name: "hello") == nil)
        #expect(MessageCode(name: "SPAWN_BATCH") == nil)
    }

    // BrowserQuest's server/js/format.js, with its direction table from gametypes.js and message.js.
    static let browserQuestFormats: [MessageCode: String] = [
        .hello: "snn", .move: "nn", .lootMove: "nnn", .aggro: "n", .attack: "n", .hit: "n", .hurt: "n", .chat: "s",
        .loot: "n", .teleport: "nn", .zone: "", .open: "n", .check: "n", .who: "n…",
        // WireQuest's own.
        .login: "ss", .password: "ss",
    ]

    @Test(arguments: MessageCode.allCases)
    func clientArgumentsFollowBrowserQuestsFormatTable(code: MessageCode) {
        let schema = code.schema
        let format =
            schema.clientArguments.map { $0 == .integer ? "n" : "s" }.joined() + (schema.clientVariadic ? "…" : "")
        #expect(schema.direction.fromClient == (Self.browserQuestFormats[code] != nil))
        if schema.direction.fromClient { #expect(format == Self.browserQuestFormats[code]) }
    }

    @Test func directionsMatchTheReference() {
        let both: Set<MessageCode> = [.move, .lootMove, .attack, .chat, .teleport, .password]
        for code in MessageCode.allCases {
            let schema = code.schema
            #expect((schema.direction == .both) == both.contains(code), "\(code)")
            #expect(schema.direction.fromServer == !schema.serverFields.isEmpty, "\(code)")
        }
    }

    @Test func arityIsDescribedForErrors() {
        #expect(MessageCode.hello.schema.clientArity == "3")
        #expect(MessageCode.zone.schema.clientArity == "0")
        #expect(MessageCode.who.schema.clientArity == "at least 1")
        #expect(MessageCode.who.schema.acceptsClientArgumentCount(500))
        #expect(!MessageCode.who.schema.acceptsClientArgumentCount(0))
        #expect(!MessageCode.move.schema.acceptsClientArgumentCount(3))
    }

    @Test func entityKindsHaveBrowserQuestConstantNames() {
        #expect(EntityKind.rat.constantName == "RAT")
        #expect(EntityKind.guard.constantName == "GUARD")
        #expect(EntityKind.skeleton2.constantName == "SKELETON2")
        #expect(Orientation.left.constantName == "LEFT")
    }
}

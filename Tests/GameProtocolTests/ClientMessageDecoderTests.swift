import GameProtocol
import Testing

struct ClientMessageDecoderTests {
    // As BrowserQuest's gameclient.js sends them (JSON.stringify, no spaces).
    static let messages: [(String, ClientMessage)] = [
        (#"[0,"bob",21,60]"#, .hello(name: "bob", armor: 21, weapon: 60)),
        ("[4,10,20]", .move(x: 10, y: 20)),
        ("[5,31,42,1234]", .lootMove(x: 31, y: 42, item: 1234)),
        ("[6,7]", .aggro(mob: 7)),
        ("[7,8]", .attack(mob: 8)),
        ("[8,9]", .hit(mob: 9)),
        ("[9,10]", .hurt(mob: 10)),
        (#"[11,"hi there"]"#, .chat("hi there")),
        ("[12,5]", .loot(item: 5)),
        ("[15,3,4]", .teleport(x: 3, y: 4)),
        ("[21]", .zone),
        ("[25,99]", .open(chest: 99)),
        ("[26,2]", .check(checkpoint: 2)),
        ("[20,1,2,3]", .who(count: 3)),
        // WireQuest's own: two strings in one message.
        (#"[28,"Vera","correct horse"]"#, .login(name: "Vera", password: "correct horse")),
        (#"[29,"new secret","old \"one\""]"#, .password(new: "new secret", current: "old \"one\"")),
        (#"[29,"first",""]"#, .password(new: "first", current: "")),
        (#"[0,"",0,0]"#, .hello(name: "", armor: 0, weapon: 0)),
        ("[4,-0,-7]", .move(x: 0, y: -7)),
        ("[4,2147483647,-2147483648]", .move(x: Int(Int32.max), y: Int(Int32.min))),
    ]

    @Test(arguments: messages)
    func decodesBrowserQuestMessage(json: String, expected: ClientMessage) {
        #expect(decode(json) == .success(expected))
    }

    @Test(arguments: messages)
    func decodesWithWhitespaceEverywhere(json: String, expected: ClientMessage) {
        #expect(decode(spaced(json)) == .success(expected))
    }

    @Test func whoIDsHoldTheRequestedIDs() {
        var decoder = ClientMessageDecoder()
        #expect(decode(Array("[20,5,-6,70000]".utf8), with: &decoder) == .success(.who(count: 3)))
        #expect(decoder.whoIDs == [5, -6, 70000])
        #expect(decode(Array("[20, 8 ]".utf8), with: &decoder) == .success(.who(count: 1)))
        #expect(decoder.whoIDs == [8])
    }

    /// An idle connection holds no WHO buffer: the ids of a WHO are gone with the next message (the world keeps its
    /// own reference), and a WHO refused halfway leaves none behind either.
    @Test func whoIDsAreNotKeptPastTheNextMessage() {
        var decoder = ClientMessageDecoder()
        let ids = (1...100).map(String.init).joined(separator: ",")
        #expect(decode(Array("[20,\(ids)]".utf8), with: &decoder) == .success(.who(count: 100)))
        let handedToTheWorld = decoder.whoIDs
        #expect(decode(Array("[4,1,2]".utf8), with: &decoder) == .success(.move(x: 1, y: 2)))
        #expect(decoder.whoIDs.isEmpty)
        #expect(decoder.whoIDs.capacity == 0)
        #expect(handedToTheWorld == Array(1...100))
        #expect(decode(Array("[20,1,\"x\"]".utf8), with: &decoder) == .failure(.wrongType(.who, argument: 1)))
        #expect(decode(Array("[4,1,2]".utf8), with: &decoder) == .success(.move(x: 1, y: 2)))
        #expect(decoder.whoIDs.capacity == 0)
    }

    /// A valid client message for `code`, built from its schema: strings `"x"`, integers 1, 2, 3…
    static func validMessage(_ code: MessageCode, argumentCount: Int? = nil) -> String {
        let schema = code.schema
        let count = argumentCount ?? schema.clientArguments.count
        var parts = [String(code.rawValue)]
        for index in 0..<count {
            let type = schema.clientArgumentType(at: index) ?? .integer
            parts.append(type == .string ? #""x""# : String(index + 1))
        }
        return "[" + parts.joined(separator: ",") + "]"
    }

    @Test(arguments: MessageCode.allCases)
    func decodesEveryClientCodeAndRefusesTheOthers(code: MessageCode) throws {
        let json = Self.validMessage(code)
        if code.schema.direction.fromClient {
            let message = try decode(json).get()
            #expect(message.code == code)
        } else {
            #expect(decodeError(json) == .notAClientMessage(code))
            #expect(decodeError("[\(code.rawValue),1,\"a\"]") == .notAClientMessage(code))
        }
    }

    @Test(arguments: MessageCode.allCases.filter { $0.schema.direction.fromClient })
    func refusesWrongArity(code: MessageCode) {
        let schema = code.schema
        let count = schema.clientArguments.count
        if !schema.clientVariadic {
            let more = Self.validMessage(code, argumentCount: count + 1)
            #expect(decodeError(more) == .wrongArity(code, expected: "\(count)", got: count + 1))
        }
        if count > 0 {
            let fewer = Self.validMessage(code, argumentCount: count - 1)
            #expect(decodeError(fewer) == .wrongArity(code, expected: schema.clientArity, got: count - 1))
        }
    }

    @Test(arguments: MessageCode.allCases.filter { !$0.schema.clientArguments.isEmpty })
    func refusesWrongTypeInEveryPosition(code: MessageCode) {
        let schema = code.schema
        for index in schema.clientArguments.indices {
            var parts = [String(code.rawValue)]
            for other in schema.clientArguments.indices {
                let type = schema.clientArguments[other]
                let wrong = other == index
                parts.append((type == .string) != wrong ? #""x""# : "7")
            }
            let json = "[" + parts.joined(separator: ",") + "]"
            #expect(decodeError(json) == .wrongType(code, argument: index), "\(json)")
        }
    }

    @Test(arguments: [
        ("[4,null,1]", 0), ("[4,1,true]", 1), ("[4,false,1]", 0), ("[4,{},1]", 0), (#"[4,{"a":[1,{"b":null}]},1]"#, 0),
        ("[4,[],1]", 0), ("[4,1,[2,3]]", 1), (#"[4,[[["x"]]],1]"#, 0),
    ])
    func refusesOtherJSONValuesAsWrongType(json: String, argument: Int) {
        #expect(decodeError(json) == .wrongType(.move, argument: argument))
    }

    @Test func checksArityBeforeTypesLikeBrowserQuest() {
        #expect(decodeError(#"[4,"a"]"#) == .wrongArity(.move, expected: "2", got: 1))
        #expect(decodeError(#"[0,1,2,3,4]"#) == .wrongArity(.hello, expected: "3", got: 4))
        #expect(decodeError("[20]") == .wrongArity(.who, expected: "at least 1", got: 0))
        #expect(decodeError("[21,[1]]") == .wrongArity(.zone, expected: "0", got: 1))
    }

    @Test func oneDecoderDecodesManyMessages() {
        var decoder = ClientMessageDecoder()
        for (json, expected) in Self.messages + Self.messages {
            #expect(decode(Array(json.utf8), with: &decoder) == .success(expected))
        }
    }
}

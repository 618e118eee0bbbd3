import GameProtocol
import Testing

struct ProtocolErrorTests {
    @Test(arguments: [
        ("", ProtocolError.unexpectedEnd), ("  \n", .unexpectedEnd), ("[", .unexpectedEnd), ("[4", .unexpectedEnd),
        ("[4,1", .unexpectedEnd), ("[4,1,", .unexpectedEnd), ("[4,1, ", .unexpectedEnd), (#"[11,"abc"#, .unexpectedEnd),
        (#"[11,"ab\"#, .unexpectedEnd), (#"[11,"\u12"#, .unexpectedEnd), ("[4,-", .unexpectedEnd),
        ("[4,[1,2", .unexpectedEnd), ("[4,tr", .unexpectedEnd),
        ("{}", .notJSONArray), (#""hello""#, .notJSONArray), ("4", .notJSONArray), ("go", .notJSONArray),
        ("\u{FEFF}[21]", .notJSONArray),
        ("[]", .unexpectedByte(offset: 1)), ("[ ]", .unexpectedByte(offset: 2)), ("[,4]", .unexpectedByte(offset: 1)),
        ("[4,,1]", .unexpectedByte(offset: 3)), ("[4 1]", .unexpectedByte(offset: 3)),
        ("[4,1,2,]", .unexpectedByte(offset: 7)),
        ("[4,1;2]", .unexpectedByte(offset: 4)), ("[4,tru]", .unexpectedByte(offset: 6)),
        ("[4,-,1]", .unexpectedByte(offset: 4)),
        ("[4,+1,2]", .unexpectedByte(offset: 3)), ("[4,'a',2]", .unexpectedByte(offset: 3)),
        ("[4,1\u{0B},2]", .unexpectedByte(offset: 4)),
        (#"[4,{1:2},1]"#, .unexpectedByte(offset: 4)), (#"[4,{"a" 2},1]"#, .unexpectedByte(offset: 8)),
        ("[33]", .unknownCode(33)), ("[27,\"x\"]", .notAClientMessage(.notice)), ("[-1]", .unknownCode(-1)),
        ("[30,\"x\",1,0]", .notAClientMessage(.profile)), ("[28,\"x\"]", .wrongArity(.login, expected: "2", got: 1)),
        ("[29,\"x\",1]", .wrongType(.password, argument: 1)),
        ("[99,1,2]", .unknownCode(99)),
        ("[1,2]", .notAClientMessage(.welcome)), ("[19,1,2]", .notAClientMessage(.list)),
        ("[4,1.5,2]", .notAnInteger), ("[4,1e3,2]", .notAnInteger), ("[4,1E3,2]", .notAnInteger),
        ("[4,01,2]", .notAnInteger), ("[4,-01,2]", .notAnInteger), ("[4,00,2]", .notAnInteger),
        ("[4.0,1,2]", .notAnInteger),
        ("[4,1.,2]", .notAnInteger), (#"["4",1,2]"#, .notAnInteger), ("[[4,1,2]]", .notAnInteger),
        ("[null]", .notAnInteger),
        ("[4,2147483648,0]", .outOfRange), ("[4,0,-2147483649]", .outOfRange), ("[4294967296]", .outOfRange),
        ("[4,\(String(repeating: "9", count: 1000)),0]", .outOfRange),
        ("[21]x", .trailingBytes), ("[21][21]", .trailingBytes), ("[21] ,", .trailingBytes),
        ("[21]\u{0}", .trailingBytes),
    ])
    func refuses(json: String, error: ProtocolError) {
        #expect(decodeError(json) == error, "\(json)")
    }

    @Test func acceptsIntegersAtTheInt32Bounds() {
        #expect(
            decode("[5,2147483647,-2147483648,0]") == .success(.lootMove(x: 2_147_483_647, y: -2_147_483_648, item: 0)))
        #expect(decode("[26,-2147483648]") == .success(.check(checkpoint: Int(Int32.min))))
        #expect(decodeError("[26,-2147483649]") == .outOfRange)
        #expect(decodeError("[26,2147483648]") == .outOfRange)
        #expect(decodeError("[26,9223372036854775808]") == .outOfRange)
        #expect(decodeError("[26,-9223372036854775809]") == .outOfRange)
    }

    @Test func limitsMessagesTo8192BytesByDefault() {
        let message = #"[11,"hi"]"#
        let exact = message + String(repeating: " ", count: 8192 - message.utf8.count)
        #expect(exact.utf8.count == 8192)
        #expect(decode(exact) == .success(.chat("hi")))
        #expect(decodeError(exact + " ") == .tooLong)
        #expect(decodeError(exact, limits: .init(maxMessageBytes: 8191)) == .tooLong)
    }

    @Test func limitsStringsToMaxStringBytesAfterUnescaping() {
        let longest = String(repeating: "a", count: 256)
        #expect(decode(#"[11,"\#(longest)"]"#) == .success(.chat(longest)))
        #expect(decodeError(#"[11,"\#(longest)a"]"#) == .stringTooLong)
        // é is two UTF-8 bytes, whether escaped or not.
        let almost = String(repeating: "a", count: 255)
        #expect(decodeError(#"[11,"\#(almost)\u00e9"]"#) == .stringTooLong)
        #expect(decodeError(#"[11,"\#(almost)é"]"#) == .stringTooLong)
        #expect(decode(#"[11,"\#(almost)\n"]"#) == .success(.chat(almost + "\n")))
        // Six input bytes per escape, but one decoded byte each: the limit is on the string, not on its JSON.
        let escaped = String(repeating: #"\u0041"#, count: 256)
        #expect(decode(#"[11,"\#(escaped)"]"#) == .success(.chat(String(repeating: "A", count: 256))))
        // Strings in the wrong place are measured too.
        #expect(decodeError(#"[4,"\#(longest)a",1]"#) == .stringTooLong)
        #expect(decodeError(#"[0,"abcdef",1,2]"#, limits: .init(maxStringBytes: 5)) == .stringTooLong)
    }

    @Test func limitsWhoIDs() {
        let ids = (1...1024).map(String.init).joined(separator: ",")
        #expect(decode("[20,\(ids)]") == .success(.who(count: 1024)))
        #expect(decodeError("[20,\(ids),1025]") == .tooManyIDs)
        #expect(decodeError("[20,1,2,3]", limits: .init(maxWhoIDs: 2)) == .tooManyIDs)
    }

    @Test func followsNestingOnlyFourLevelsDeep() {
        #expect(decodeError("[4,[[[1]]],1]") == .wrongType(.move, argument: 0))
        #expect(decodeError("[4,[[[[1]]]],1]") == .tooDeep)
        #expect(decodeError(#"[4,{"a":{"b":{"c":{}}}},1]"#) == .tooDeep)
        #expect(decodeError("[[[[[4]]]]]") == .tooDeep)
    }

    @Test func refusesHundredThousandOpeningBracketsWithoutRecursing() {
        let brackets = String(repeating: "[", count: 100_000)
        #expect(decodeError(brackets) == .tooLong)
        #expect(decodeError(brackets, limits: .init(maxMessageBytes: .max)) == .tooDeep)
        #expect(decodeError("[4," + brackets, limits: .init(maxMessageBytes: .max)) == .tooDeep)
        #expect(decodeError(#"[4,{"a":"# + brackets, limits: .init(maxMessageBytes: .max)) == .tooDeep)
    }

    @Test func describesEveryError() {
        let errors: [ProtocolError] = [
            .notJSONArray, .unexpectedEnd, .unexpectedByte(offset: 3), .unknownCode(99), .notAClientMessage(.welcome),
            .wrongArity(.move, expected: "2", got: 1), .wrongType(.chat, argument: 0), .notAnInteger, .outOfRange,
            .badString, .stringTooLong, .tooManyIDs, .tooDeep, .tooLong, .trailingBytes,
        ]
        #expect(Set(errors.map(\.description)).count == errors.count)
        #expect(ProtocolError.wrongArity(.move, expected: "2", got: 1).description == "MOVE needs 2 arguments, got 1")
        #expect(ProtocolError.notAClientMessage(.welcome).description == "WELCOME is not a client message")
    }
}

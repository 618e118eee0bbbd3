/// Decodes the JSON arrays a BrowserQuest client sends, one text message at a time; one decoder per connection.
///
/// The input must be exactly one array whose first element is a client message code, followed by the arguments
/// ``MessageSchema`` lists for that code (BrowserQuest's `format.js`). Integers are read straight from the bytes and
/// must fit in `Int32`; strings accept every JSON escape and are built once each; nested arrays and objects are only
/// skipped, to reject them, and only four levels deep. Nothing is allocated per number; WHO's ids go into
/// ``whoIDs``, one array per WHO, which the world keeps.
package struct ClientMessageDecoder: Sendable {
    /// Size limits on one client message.
    package struct Limits: Sendable, Equatable {
        /// The longest string accepted, in UTF-8 bytes after unescaping. The world trims names to 15 and chat to 60
        /// characters itself; this bounds what it has to look at.
        package var maxStringBytes: Int
        /// The most ids one WHO may ask for.
        package var maxWhoIDs: Int
        /// The longest message accepted, in bytes.
        package var maxMessageBytes: Int

        /// Limits with BrowserQuest-friendly defaults: 256-byte strings, 1,024 ids (a BrowserQuest client asks WHO for
        /// every unknown id of a LIST, which is as long as a crowded neighbourhood), 8,192-byte messages.
        package init(maxStringBytes: Int = 256, maxWhoIDs: Int = 1024, maxMessageBytes: Int = 8192) {
            self.maxStringBytes = maxStringBytes
            self.maxWhoIDs = maxWhoIDs
            self.maxMessageBytes = maxMessageBytes
        }
    }

    /// The limits this decoder enforces.
    package let limits: Limits
    /// The ids of the last WHO decoded (`ClientMessage.who(count:)`); emptied by every decode.
    package private(set) var whoIDs: [Int] = []
    /// Reused for strings that contain escapes.
    private var scratch: [UInt8] = []

    /// A decoder enforcing `limits`.
    package init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// Decodes one client message.
    ///
    /// - Parameter bytes: the payload of one WebSocket text message.
    /// - Returns: the message, or why it was refused; a refused message should close the connection.
    package mutating func decode(_ bytes: UnsafeRawBufferPointer) -> Result<ClientMessage, ProtocolError> {
        // Not keeping the capacity: the session hands these ids to its world (which then shares the buffer), and a
        // connection's one WHO of a crowded zone must not pin kilobytes for as long as it stays.
        if !whoIDs.isEmpty { whoIDs = [] }
        do {
            return .success(try decodeMessage(bytes))
        } catch {
            return .failure(error)
        }
    }

    private mutating func decodeMessage(_ bytes: UnsafeRawBufferPointer) throws(ProtocolError) -> ClientMessage {
        guard bytes.count <= limits.maxMessageBytes else { throw .tooLong }
        var reader = JSONReader(bytes: bytes)
        reader.skipWhitespace()
        guard try reader.current() == 0x5B else { throw .notJSONArray }
        reader.index += 1
        reader.skipWhitespace()
        let code = try readCode(&reader)
        let schema = code.schema
        guard schema.direction.fromClient else { throw .notAClientMessage(code) }

        var numbers: InlineArray<3, Int> = [0, 0, 0]
        // At most two strings per message (LOGIN, PASSWORD), in order.
        var text = ""
        var secondText = ""
        var strings = 0
        var count = 0
        // BrowserQuest's format.js checks arity before types, so a type error is reported only once the arity is
        // known to be right.
        var firstWrongType: Int?
        while true {
            reader.skipWhitespace()
            let separator = try reader.current()
            reader.index += 1
            if separator == 0x5D { break }
            guard separator == 0x2C else { throw .unexpectedByte(offset: reader.index - 1) }
            reader.skipWhitespace()
            let first = try reader.current()
            switch schema.clientArgumentType(at: count) {
            case .integer where JSONReader.startsNumber(first):
                let value = try reader.readInteger()
                if code == .who {
                    guard whoIDs.count < limits.maxWhoIDs else { throw .tooManyIDs }
                    whoIDs.append(value)
                } else {
                    numbers[count] = value
                }
            case .string where first == 0x22:
                let value = try reader.readString(maxBytes: limits.maxStringBytes, scratch: &scratch, build: true) ?? ""
                if strings == 0 { text = value } else { secondText = value }
                strings += 1
            case let expected:
                try reader.skipValue(depth: 1, maxStringBytes: limits.maxStringBytes, scratch: &scratch)
                if expected != nil && firstWrongType == nil { firstWrongType = count }
            }
            count += 1
        }
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw .trailingBytes }
        guard schema.acceptsClientArgumentCount(count) else {
            throw .wrongArity(code, expected: schema.clientArity, got: count)
        }
        if let firstWrongType { throw .wrongType(code, argument: firstWrongType) }

        switch code {
        case .hello: return .hello(name: text, armor: numbers[1], weapon: numbers[2])
        case .move: return .move(x: numbers[0], y: numbers[1])
        case .lootMove: return .lootMove(x: numbers[0], y: numbers[1], item: numbers[2])
        case .aggro: return .aggro(mob: numbers[0])
        case .attack: return .attack(mob: numbers[0])
        case .hit: return .hit(mob: numbers[0])
        case .hurt: return .hurt(mob: numbers[0])
        case .chat: return .chat(text)
        case .loot: return .loot(item: numbers[0])
        case .teleport: return .teleport(x: numbers[0], y: numbers[1])
        case .zone: return .zone
        case .open: return .open(chest: numbers[0])
        case .check: return .check(checkpoint: numbers[0])
        case .who: return .who(count: whoIDs.count)
        case .login: return .login(name: text, password: secondText)
        case .password: return .password(new: text, current: secondText)
        case .welcome, .spawn, .despawn, .health, .equip, .drop, .damage, .population, .kill, .list, .destroy, .hp,
            .blink, .notice, .profile, .achievement, .achievements:
            throw .notAClientMessage(code)
        }
    }

    /// Reads the first element of the array, which must be an integer naming a message code.
    private mutating func readCode(_ reader: inout JSONReader) throws(ProtocolError) -> MessageCode {
        let first = try reader.current()
        guard JSONReader.startsNumber(first) else {
            if first == 0x5D || first == 0x2C { throw .unexpectedByte(offset: reader.index) }
            // Step over the value first, so that malformed or deeply nested input gets its own error.
            try reader.skipValue(depth: 1, maxStringBytes: limits.maxStringBytes, scratch: &scratch)
            throw .notAnInteger
        }
        let raw = try reader.readInteger()
        guard let code = MessageCode(rawValue: raw) else { throw .unknownCode(raw) }
        return code
    }
}

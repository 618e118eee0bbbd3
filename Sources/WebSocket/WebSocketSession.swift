import HTTP
import Support

/// The message-level protocol for one connection (RFC 6455 §5.4–§5.6, §7), sans-IO.
///
/// Feed received bytes to `next` until it returns `.needMore`; encode outgoing frames with the `write` methods. The
/// session assembles fragmented messages, validates text as it arrives, answers nothing by itself, and tracks the
/// closing handshake. It allocates nothing until a message is fragmented or split across reads, and afterwards
/// reuses its buffers. With permessage-deflate (RFC 7692) it inflates and compresses messages through the thread's
/// shared ``PerMessageDeflateCodec``. Not `Sendable`: the codec belongs to the thread the session runs on.
package struct WebSocketSession {
    /// Where the closing handshake stands (RFC 6455 §7.1).
    package enum State: Sendable, Equatable {
        /// Messages flow both ways.
        case open
        /// We sent a close and await the peer's; incoming data messages are discarded.
        case closeSent
        /// Both closes were exchanged, or the connection failed and our close was sent: stop reading.
        case closed
    }

    /// An assembly buffer grown past this by a large message is released once the message was consumed, so that an
    /// idle connection holds almost no memory.
    private static let assemblyRetainLimit = 64 * 1024

    // The stored properties go widest first, so that the small ones pack together instead of each padding to a word:
    // every idle connection holds a session.

    /// The settings the session was made with.
    package let configuration: Configuration
    private var parser: FrameParser
    private let codec: PerMessageDeflateCodec?
    private let sendWindowBits: Int
    /// Our own deflate stream, kept across messages, when context takeover is on for our side.
    private var contextDeflater: ZlibDeflater?
    private var contextInflater: ZlibInflater?
    private var maskKeys: SplitMix64
    // The data message being received: its size so far and how many frames it came in.
    private var messageSize = 0
    private var messageFragments = 0
    /// Counts data messages begun, so a caller timing messages can tell a new one from the last.
    package private(set) var messagesBegun: UInt64 = 0
    private var assembly: [UInt8] = []
    // A control frame whose payload arrived in pieces (≤ 125 bytes, §5.5).
    private var control: [UInt8] = []

    /// Where the closing handshake stands.
    package private(set) var state = State.open
    /// Whether the peer's close frame arrived.
    package private(set) var hasReceivedClose = false
    /// Whether the peer broke the protocol (a `.failure` event was returned).
    package private(set) var hasFailed = false
    private let sendsWithContext: Bool
    /// The peer's messages refer back to earlier ones: they need an inflate stream of this connection's own.
    private let receivesWithContext: Bool
    // The frame being parsed.
    private var frameOpcode = WebSocketOpcode.continuation
    private var frameIsFinal = false
    /// The data message's opcode (nil between messages).
    private var messageOpcode: WebSocketOpcode?
    private var messageCompressed = false
    private var validator = UTF8Validator()
    private var assemblyDelivered = false
    /// Whether a data message had begun and not yet ended when `next` last returned `.needMore` or a message: its
    /// frames are still arriving. Stored, not computed: a caller keeping the session in a class reads it after every read, and
    /// calling a getter of another module's struct there copies the whole session.
    package private(set) var isReceivingMessage = false

    /// Heap bytes the session holds in its reassembly buffers, for memory accounting (zero when idle unless a
    /// fragmented or split message was received since, and never more than 64 KiB between messages).
    package var bufferedCapacity: Int { assembly.capacity + control.capacity }

    /// A session for one connection. `maskSeed` seeds the generator of client masking keys; clients should pass
    /// something unpredictable (RFC 6455 §5.3, §10.3). Servers never mask. `codec` is the thread's shared
    /// permessage-deflate codec, required when `configuration.deflate` is set.
    package init(
        configuration: Configuration, maskSeed: UInt64 = 0x853C_49E6_748F_EA9B, codec: PerMessageDeflateCodec? = nil
    ) {
        precondition(configuration.deflate == nil || codec != nil, "permessage-deflate needs a codec")
        self.configuration = configuration
        self.maskKeys = SplitMix64(seed: maskSeed)
        self.codec = configuration.deflate == nil ? nil : codec
        let sendWindowBits = configuration.deflate?.sendWindowBits(role: configuration.role) ?? 15
        self.sendWindowBits = min(sendWindowBits, configuration.contextWindowBits ?? 15)
        self.receivesWithContext =
            configuration.deflate?.sendsWithContext(role: configuration.role == .server ? .client : .server) == true
        self.sendsWithContext =
            configuration.contextWindowBits != nil
            && configuration.deflate?.sendsWithContext(role: configuration.role) == true
        // The session limits whole messages itself (see `beginFrame`), so the parser gets no frame limit.
        self.parser = FrameParser(
            role: configuration.role, maxFramePayload: UInt64(Int64.max),
            allowsCompressedFrames: configuration.deflate != nil)
    }

    // MARK: - Input

    /// Parses from `buffer[index...]` and returns the next event, advancing `index`. Call repeatedly until
    /// `.needMore`. Payload is unmasked in place in `buffer`. After `.closeReceived` or `.failure`, or once the
    /// state is `.closed`, all input is consumed and ignored.
    package mutating func next(_ buffer: UnsafeMutableRawBufferPointer, index: inout Int) -> WebSocketEvent {
        if assemblyDelivered { recycleAssembly() }
        if hasReceivedClose || hasFailed || state == .closed {
            index = buffer.count
            return .needMore
        }
        // The common cases first, without the general parser's events: the end of the input, and a whole message in
        // one frame.
        if messageOpcode == nil && parser.isAtFrameBoundary {
            if index == buffer.count {
                isReceivingMessage = false
                return .needMore
            }
            if state == .open,
                let frame = parser.nextWholeDataFrame(buffer, index: &index, maxPayload: configuration.maxMessageSize)
            {
                return receiveWholeMessage(frame.opcode, UnsafeRawBufferPointer(frame.payload))
            }
        }
        while true {
            switch parser.next(buffer, index: &index) {
            case .needMore:
                isReceivingMessage = messageOpcode != nil || !parser.isAtFrameBoundary
                return .needMore
            case .header(let header):
                if let failure = beginFrame(header) { return failure }
            case .payload(let bytes, let isFrameEnd):
                if let event = receive(UnsafeRawBufferPointer(bytes), isFrameEnd: isFrameEnd) { return event }
            case .failure(let code, let reason):
                return fail(code, reason)
            }
        }
    }

    /// A message that came whole in one frame, found by ``FrameParser/nextWholeDataFrame(_:index:maxPayload:)``.
    private mutating func receiveWholeMessage(
        _ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer
    ) -> WebSocketEvent {
        messagesBegun &+= 1
        isReceivingMessage = false
        if opcode == .binary && !configuration.acceptsBinary {
            return fail(.unsupportedData, "binary messages are not accepted")
        }
        if opcode == .text {
            validator.reset()
            guard validator.validate(payload) else { return fail(.invalidPayload, "invalid UTF-8 in text message") }
            guard validator.isAtCharacterBoundary else {
                return fail(.invalidPayload, "text message ends inside a UTF-8 sequence")
            }
        }
        return .message(opcode, payload)
    }

    private mutating func beginFrame(_ header: FrameHeader) -> WebSocketEvent? {
        frameOpcode = header.opcode
        frameIsFinal = header.fin
        if header.opcode.isControl {
            control.removeAll(keepingCapacity: true)
            return nil
        }
        if header.opcode == .continuation {
            // §5.4: a continuation frame only makes sense inside a fragmented message.
            if messageOpcode == nil { return fail(.protocolError, "continuation frame without a message") }
            messageFragments &+= 1
            if state == .open && messageFragments > configuration.maxFragments {
                return fail(.policyViolation, "message in too many fragments")
            }
        } else {
            // §5.4: fragments of one message are not interleaved with another message's frames.
            if messageOpcode != nil { return fail(.protocolError, "new message inside a fragmented message") }
            if header.opcode == .binary && !configuration.acceptsBinary && state == .open {
                return fail(.unsupportedData, "binary messages are not accepted")
            }
            messageOpcode = header.opcode
            messageSize = 0
            messageFragments = 1
            messagesBegun &+= 1
            messageCompressed = header.rsv1
            validator.reset()
        }
        // Refuse an oversized message from its header, before buffering any of it. Messages that arrive after our
        // close are discarded unbuffered, so they are not limited.
        if state == .open && header.payloadLength > UInt64(configuration.maxMessageSize &- messageSize) {
            return fail(.messageTooBig, "message too big")
        }
        return nil
    }

    private mutating func receive(_ bytes: UnsafeRawBufferPointer, isFrameEnd: Bool) -> WebSocketEvent? {
        if frameOpcode.isControl {
            if isFrameEnd && control.isEmpty { return receiveControl(bytes) }
            if control.capacity == 0 { control.reserveCapacity(125) }
            bytes.withMemoryRebound(to: UInt8.self) { control.append(contentsOf: $0) }
            guard isFrameEnd else { return nil }
            let payload = control.withUnsafeBytes { $0 }
            return receiveControl(payload)
        }
        guard let opcode = messageOpcode else { return nil }
        let isMessageEnd = isFrameEnd && frameIsFinal
        if state != .open {
            // §7.1.3 lets us ignore data after sending close while we wait for the peer's close.
            if isMessageEnd { messageOpcode = nil }
            return nil
        }
        if messageCompressed { return receiveCompressed(bytes, isMessageEnd: isMessageEnd, opcode: opcode) }
        // Validate text as it arrives so that invalid UTF-8 fails at once, mid-frame or mid-message (§8.1).
        if opcode == .text && !validator.validate(bytes) {
            return fail(.invalidPayload, "invalid UTF-8 in text message")
        }
        if isMessageEnd {
            if opcode == .text && !validator.isAtCharacterBoundary {
                return fail(.invalidPayload, "text message ends inside a UTF-8 sequence")
            }
            messageOpcode = nil
            isReceivingMessage = false
            if messageSize == 0 {
                // The whole message is this one slice of the input: deliver it without copying.
                return .message(opcode, bytes)
            }
            messageSize &+= bytes.count
            bytes.withMemoryRebound(to: UInt8.self) { assembly.append(contentsOf: $0) }
            assemblyDelivered = true
            return .message(opcode, assembly.withUnsafeBytes { $0 })
        }
        messageSize &+= bytes.count
        bytes.withMemoryRebound(to: UInt8.self) { assembly.append(contentsOf: $0) }
        return nil
    }

    /// A compressed message's bytes are assembled like any message's, and inflated in one go at its end: the
    /// thread's inflate stream is then never left mid-message between reads (RFC 7692 §7.2.2).
    private mutating func receiveCompressed(
        _ bytes: UnsafeRawBufferPointer, isMessageEnd: Bool, opcode: WebSocketOpcode
    ) -> WebSocketEvent? {
        if !isMessageEnd || messageSize != 0 {
            messageSize &+= bytes.count
            bytes.withMemoryRebound(to: UInt8.self) { assembly.append(contentsOf: $0) }
            guard isMessageEnd else { return nil }
            assemblyDelivered = true
        }
        messageOpcode = nil
        isReceivingMessage = false
        guard let codec else { return fail(.protocolError, "compressed message without permessage-deflate") }
        let compressed = messageSize == 0 ? bytes : assembly.withUnsafeBytes { $0 }
        if receivesWithContext && contextInflater == nil { contextInflater = ZlibInflater(windowBits: -15) }
        let result =
            if let contextInflater {
                codec.inflate(compressed, limit: configuration.maxMessageSize, using: contextInflater)
            } else {
                codec.inflate(compressed, limit: configuration.maxMessageSize)
            }
        switch result {
        case .message(let payload):
            if opcode == .text {
                var validator = UTF8Validator()
                guard validator.validate(payload) && validator.isAtCharacterBoundary else {
                    return fail(.invalidPayload, "invalid UTF-8 in text message")
                }
            }
            return .message(opcode, payload)
        case .tooBig: return fail(.messageTooBig, "message too big once inflated")
        case .corrupt: return fail(.invalidPayload, "compressed message is not valid deflate data")
        case .unavailable: return fail(.internalError, "no memory to inflate a message")
        }
    }

    private mutating func receiveControl(_ payload: UnsafeRawBufferPointer) -> WebSocketEvent? {
        switch frameOpcode {
        case .ping: return .ping(payload)
        case .pong: return .pong(payload)
        default: break
        }
        // §5.5.1: a close payload is empty or a 2-byte code followed by a UTF-8 reason.
        var code: UInt16?
        var reason = UnsafeRawBufferPointer(rebasing: payload[0..<0])
        if payload.count == 1 { return fail(.protocolError, "close frame with a 1-byte payload") }
        if payload.count >= 2 {
            let value = UInt16(payload[0]) << 8 | UInt16(payload[1])
            // §7.4: codes that are reserved or must never be sent fail the connection.
            guard WebSocketCloseCode.isValidOnWire(value) else { return fail(.protocolError, "invalid close code") }
            reason = UnsafeRawBufferPointer(rebasing: payload[2...])
            var reasonValidator = UTF8Validator()
            guard reasonValidator.validate(reason) && reasonValidator.isAtCharacterBoundary else {
                return fail(.invalidPayload, "close reason is not valid UTF-8")
            }
            code = value
        }
        hasReceivedClose = true
        if state == .closeSent { state = .closed }
        return .closeReceived(code: code, reason: reason)
    }

    private mutating func fail(_ code: WebSocketCloseCode, _ reason: StaticString) -> WebSocketEvent {
        hasFailed = true
        // Having already sent our close, we cannot send the failure's: the connection is simply done.
        if state == .closeSent { state = .closed }
        return .failure(code, reason: reason)
    }

    /// Empties the assembly buffer after its message was consumed, releasing it if a large message grew it.
    private mutating func recycleAssembly() {
        assemblyDelivered = false
        if assembly.capacity > Self.assemblyRetainLimit {
            assembly = []
        } else {
            assembly.removeAll(keepingCapacity: true)
        }
    }

    // MARK: - Output

    /// Appends an unfragmented text or binary message to `out`. Returns false, writing nothing, once a close was
    /// sent or the peer failed the protocol.
    @discardableResult
    package mutating func writeMessage(
        _ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, into out: inout [UInt8]
    ) -> Bool {
        precondition(opcode == .text || opcode == .binary, "writeMessage takes .text or .binary")
        guard state == .open && !hasFailed else { return false }
        if let codec, sendsWithContext, payload.count >= min(configuration.compressionThreshold, 8) {
            if contextDeflater == nil {
                contextDeflater = PerMessageDeflateCodec.makeContextDeflater(windowBits: sendWindowBits)
            }
            // Once in the stream's history the message must go compressed, even if it grew: the peer's window has
            // to hold what ours holds.
            if let contextDeflater, let compressed = codec.compress(payload, using: contextDeflater) {
                FrameEncoder.writeFrame(
                    fin: true, rsv1: true, opcode: opcode, payload: compressed, maskingKey: nextMaskingKey(),
                    into: &out)
                return true
            }
        } else if let codec, payload.count >= configuration.compressionThreshold,
            let compressed = codec.compress(payload, windowBits: sendWindowBits), compressed.count < payload.count
        {
            FrameEncoder.writeFrame(
                fin: true, rsv1: true, opcode: opcode, payload: compressed, maskingKey: nextMaskingKey(), into: &out)
            return true
        }
        FrameEncoder.writeFrame(fin: true, opcode: opcode, payload: payload, maskingKey: nextMaskingKey(), into: &out)
        return true
    }

    /// Appends a ping to `out`. Returns false, writing nothing, when sending is no longer allowed or the payload
    /// exceeds the 125 bytes a control frame can carry (RFC 6455 §5.5).
    @discardableResult
    package mutating func writePing(_ payload: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        writeControl(.ping, payload, into: &out)
    }

    /// Appends a pong to `out`, normally echoing a ping's payload (RFC 6455 §5.5.3). Returns false, writing
    /// nothing, when sending is no longer allowed or the payload exceeds 125 bytes.
    @discardableResult
    package mutating func writePong(_ payload: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        writeControl(.pong, payload, into: &out)
    }

    /// Appends a close frame to `out` (RFC 6455 §5.5.1; `reason` is cut to 123 bytes). Moves `open` to `closeSent`,
    /// or straight to `closed` when the peer's close was already received or the peer failed the protocol. Returns
    /// false, writing nothing, if a close was already sent.
    @discardableResult
    package mutating func writeClose(code: WebSocketCloseCode?, reason: String, into out: inout [UInt8]) -> Bool {
        guard state == .open else { return false }
        FrameEncoder.writeClose(code: code, reason: reason, maskingKey: nextMaskingKey(), into: &out)
        state = hasReceivedClose || hasFailed ? .closed : .closeSent
        return true
    }

    private mutating func writeControl(
        _ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, into out: inout [UInt8]
    ) -> Bool {
        guard state == .open && !hasFailed && payload.count <= 125 else { return false }
        FrameEncoder.writeFrame(fin: true, opcode: opcode, payload: payload, maskingKey: nextMaskingKey(), into: &out)
        return true
    }

    /// A fresh masking key for a client, nil for a server (RFC 6455 §5.3), from a SplitMix64 generator.
    @inline(__always)
    private mutating func nextMaskingKey() -> UInt32? {
        guard configuration.role == .client else { return nil }
        return UInt32(truncatingIfNeeded: maskKeys.next())
    }
}

/// An incremental, zero-copy frame parser (RFC 6455 §5.2).
///
/// Call `next` repeatedly on the bytes received so far. Payload comes back as slices of the input buffer,
/// unmasked in place, so the parser never copies or allocates. A header split across reads is kept in 16 bytes of
/// inline storage until it is complete.
package struct FrameParser: Sendable {
    private enum Phase: UInt8, Sendable {
        case header
        case payload
        case failed
    }

    private enum Decoded {
        case incomplete
        case header(FrameHeader, size: Int)
        case failure(WebSocketCloseCode, StaticString)
    }

    // Widest first, so the small properties pack together: every connection's session holds a parser.
    private let maxFramePayload: UInt64
    private var remaining: UInt64 = 0
    private var headerCount = 0
    // Offset into the payload mod 4, so unmasking resumes with the right key byte in the next read (§5.3).
    private var maskPhase = 0
    private var failureReason: StaticString = ""
    // A header that arrived in pieces: at most 2 + 8 (length) + 4 (mask) = 14 bytes.
    private var headerStorage = InlineArray<16, UInt8>(repeating: 0)
    private var maskingKey: UInt32?
    private var failureCode = WebSocketCloseCode.protocolError
    private let role: WebSocketRole
    private let allowsCompressedFrames: Bool
    private var phase = Phase.header

    /// A parser for frames sent to `role`; frames announcing more than `maxFramePayload` bytes fail with 1009.
    /// `allowsCompressedFrames`: permessage-deflate was negotiated, so RSV1 may mark a data message's first frame.
    package init(role: WebSocketRole, maxFramePayload: UInt64, allowsCompressedFrames: Bool = false) {
        self.role = role
        self.maxFramePayload = maxFramePayload
        self.allowsCompressedFrames = allowsCompressedFrames
    }

    /// Whether the parser is between frames (no header or payload bytes of a frame are pending).
    package var isAtFrameBoundary: Bool { phase == .header && headerCount == 0 }

    /// Parses from `buffer[index...]`, advancing `index` past what it consumed.
    package mutating func next(_ buffer: UnsafeMutableRawBufferPointer, index: inout Int) -> FrameParseEvent {
        switch phase {
        case .payload: nextPayload(buffer, index: &index)
        case .header: nextHeader(buffer, index: &index)
        case .failed: .failure(failureCode, reason: failureReason)
        }
    }

    /// The common case, decoded in one step: at a frame boundary, a whole unfragmented, uncompressed text or binary
    /// frame of at most 65,535 bytes (and `maxPayload`) lies at `index`. Unmasks its payload in place, advances
    /// `index` past it and returns it; returns nil and consumes nothing for anything else, which `next` handles.
    package mutating func nextWholeDataFrame(
        _ buffer: UnsafeMutableRawBufferPointer, index: inout Int, maxPayload: Int
    ) -> (opcode: WebSocketOpcode, payload: UnsafeMutableRawBufferPointer)? {
        let available = buffer.count &- index
        guard phase == .header, headerCount == 0, available >= 2, let base = buffer.baseAddress else { return nil }
        let frame = base + index
        // FIN set, RSV1–3 clear, opcode text (1) or binary (2): valid whatever was negotiated.
        let b0 = frame.load(as: UInt8.self)
        guard b0 == 0x81 || b0 == 0x82 else { return nil }
        let b1 = frame.load(fromByteOffset: 1, as: UInt8.self)
        let masked = b1 & 0x80 != 0
        guard masked == (role == .server) else { return nil }
        var length = Int(b1 & 0x7F)
        var size = masked ? 6 : 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(UInt16(bigEndian: frame.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
            size &+= 2
        } else if length == 127 {
            return nil
        }
        guard length <= maxPayload, UInt64(length) <= maxFramePayload, size &+ length <= available else { return nil }
        let payload = UnsafeMutableRawBufferPointer(start: frame + size, count: length)
        if masked {
            let key = UInt32(bigEndian: frame.loadUnaligned(fromByteOffset: size &- 4, as: UInt32.self))
            WebSocketMask.apply(key, to: payload, phase: 0)
        }
        index &+= size &+ length
        return (b0 == 0x81 ? .text : .binary, payload)
    }

    @inline(__always)
    private mutating func nextPayload(_ buffer: UnsafeMutableRawBufferPointer, index: inout Int) -> FrameParseEvent {
        let available = buffer.count &- index
        if remaining == 0 {
            // A zero-length frame still yields one (empty) payload so the consumer sees where the frame ends.
            phase = .header
            return .payload(UnsafeMutableRawBufferPointer(rebasing: buffer[index..<index]), isFrameEnd: true)
        }
        guard available > 0 else { return .needMore }
        let count = remaining < UInt64(available) ? Int(truncatingIfNeeded: remaining) : available
        let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[index..<(index &+ count)])
        if let maskingKey {
            WebSocketMask.apply(maskingKey, to: slice, phase: maskPhase)
            maskPhase = (maskPhase &+ count) & 3
        }
        index &+= count
        remaining &-= UInt64(truncatingIfNeeded: count)
        let isFrameEnd = remaining == 0
        if isFrameEnd { phase = .header }
        return .payload(slice, isFrameEnd: isFrameEnd)
    }

    private mutating func nextHeader(_ buffer: UnsafeMutableRawBufferPointer, index: inout Int) -> FrameParseEvent {
        let end = buffer.count
        guard index < end, let base = buffer.baseAddress else { return .needMore }
        if headerCount == 0 {
            // Fast path: the whole header is in this read, so decode it where it lies.
            switch decode(UnsafeRawPointer(base + index), available: end &- index) {
            case .header(let header, let size):
                index &+= size
                return begin(header)
            case .failure(let code, let reason):
                return fail(code, reason)
            case .incomplete:
                break
            }
        }
        // Slow path: collect the header a byte at a time into inline storage.
        var storage = headerStorage
        var count = headerCount
        let decoded: Decoded = withUnsafeMutableBytes(of: &storage) { raw in
            let pointer = UnsafeRawPointer(raw.baseAddress!)
            var result = Decoded.incomplete
            while index < end {
                raw[count] = base.load(fromByteOffset: index, as: UInt8.self)
                count &+= 1
                index &+= 1
                result = decode(pointer, available: count)
                if case .incomplete = result { continue }
                break
            }
            return result
        }
        switch decoded {
        case .incomplete:
            headerStorage = storage
            headerCount = count
            return .needMore
        case .header(let header, _):
            headerCount = 0
            return begin(header)
        case .failure(let code, let reason):
            return fail(code, reason)
        }
    }

    @inline(__always)
    private mutating func begin(_ header: FrameHeader) -> FrameParseEvent {
        maskingKey = header.maskingKey
        remaining = header.payloadLength
        maskPhase = 0
        phase = .payload
        return .header(header)
    }

    private mutating func fail(_ code: WebSocketCloseCode, _ reason: StaticString) -> FrameParseEvent {
        phase = .failed
        failureCode = code
        failureReason = reason
        return .failure(code, reason: reason)
    }

    @inline(__always)
    private static func headerSize(lengthCode: UInt8, masked: Bool) -> Int {
        2 + (lengthCode == 126 ? 2 : (lengthCode == 127 ? 8 : 0)) + (masked ? 4 : 0)
    }

    @inline(__always)
    private func decodeLength(_ header: UnsafeRawPointer, lengthCode: UInt8) -> UInt64 {
        switch lengthCode {
        case 126:
            return UInt64(header.load(fromByteOffset: 2, as: UInt8.self)) << 8
                | UInt64(header.load(fromByteOffset: 3, as: UInt8.self))
        case 127:
            return UInt64(bigEndian: header.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
        default:
            return UInt64(lengthCode)
        }
    }

    /// Decodes and validates a header from `available` contiguous bytes (at least 1), failing as early as the
    /// bytes allow.
    @inline(__always)
    private func decode(_ header: UnsafeRawPointer, available: Int) -> Decoded {
        let b0 = header.load(fromByteOffset: 0, as: UInt8.self)
        // §5.2: RSV1–3 must be 0 unless an extension defining them was negotiated; only RSV2 and RSV3 never are.
        if b0 & 0x30 != 0 { return .failure(.protocolError, "reserved bits set without an extension") }
        // §5.2: opcodes 3–7 and 11–15 are reserved; receiving one fails the connection.
        guard let opcode = WebSocketOpcode(rawValue: b0 & 0x0F) else {
            return .failure(.protocolError, "reserved opcode")
        }
        let rsv1 = b0 & 0x40 != 0
        if rsv1 {
            // RFC 7692 §6.1: RSV1 marks the first frame of a compressed data message, never a control frame or a
            // continuation, and only once permessage-deflate was negotiated.
            if !allowsCompressedFrames { return .failure(.protocolError, "reserved bits set without an extension") }
            if opcode.isControl || opcode == .continuation {
                return .failure(.protocolError, "RSV1 on a control or continuation frame")
            }
        }
        let fin = b0 & 0x80 != 0
        // §5.5: control frames must not be fragmented.
        if opcode.isControl && !fin { return .failure(.protocolError, "fragmented control frame") }
        guard available >= 2 else { return .incomplete }
        let b1 = header.load(fromByteOffset: 1, as: UInt8.self)
        let masked = b1 & 0x80 != 0
        // §5.1: a server must fail on an unmasked frame, a client on a masked one.
        switch role {
        case .server where !masked: return .failure(.protocolError, "unmasked frame from client")
        case .client where masked: return .failure(.protocolError, "masked frame from server")
        default: break
        }
        let lengthCode = b1 & 0x7F
        // §5.5: control frames carry at most 125 bytes, so they never use an extended length.
        if opcode.isControl && lengthCode > 125 { return .failure(.protocolError, "control frame payload too long") }
        let size = Self.headerSize(lengthCode: lengthCode, masked: masked)
        guard available >= size else { return .incomplete }
        let length = decodeLength(header, lengthCode: lengthCode)
        // §5.2: the most significant bit of a 64-bit length must be 0.
        if length >> 63 != 0 { return .failure(.protocolError, "64-bit length with the high bit set") }
        // §10.4: an endpoint may refuse frames too large for it; 1009 says so (§7.4.1).
        if length > maxFramePayload { return .failure(.messageTooBig, "frame payload too large") }
        var key: UInt32?
        if masked {
            key = UInt32(bigEndian: header.loadUnaligned(fromByteOffset: size - 4, as: UInt32.self))
        }
        return .header(
            FrameHeader(fin: fin, rsv1: rsv1, opcode: opcode, payloadLength: length, maskingKey: key), size: size)
    }
}

/// Writes frames (RFC 6455 §5.2) onto the end of a caller-owned, reused output buffer.
///
/// A server passes `maskingKey: nil`; a client passes a fresh key for every frame (§5.3) and the payload is masked
/// as it is appended, leaving the caller's bytes untouched.
package enum FrameEncoder {
    /// The most payload a close frame can carry after its 2-byte code (§5.5: control payloads are ≤ 125 bytes).
    package static let maxCloseReasonBytes = 123

    /// Appends one frame to `out`. `rsv1` marks a compressed message's first frame (RFC 7692 §6).
    package static func writeFrame(
        fin: Bool, rsv1: Bool = false, opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, maskingKey: UInt32?,
        into out: inout [UInt8]
    ) {
        let length = payload.count
        let headerSize = headerSize(payloadLength: length, masked: maskingKey != nil)
        // One append of uninitialized capacity (grown geometrically), filled in place: a frame costs one capacity
        // check instead of an append for its header and another for its payload.
        out.append(addingCapacity: headerSize &+ length) { span in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                let frame = UnsafeMutableRawPointer(buffer.baseAddress!) + initialized
                frame.storeBytes(of: (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.rawValue, as: UInt8.self)
                let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
                // §5.2: 7-bit length up to 125, 126 + 16-bit length up to 65535, else 127 + 64-bit length, all in
                // network byte order and minimal.
                if length <= 125 {
                    frame.storeBytes(of: maskBit | UInt8(length), toByteOffset: 1, as: UInt8.self)
                } else if length <= 0xFFFF {
                    frame.storeBytes(of: maskBit | 126, toByteOffset: 1, as: UInt8.self)
                    frame.storeBytes(of: UInt16(length).bigEndian, toByteOffset: 2, as: UInt16.self)
                } else {
                    frame.storeBytes(of: maskBit | 127, toByteOffset: 1, as: UInt8.self)
                    frame.storeBytes(of: UInt64(length).bigEndian, toByteOffset: 2, as: UInt64.self)
                }
                let payloadStart = frame + headerSize
                if let maskingKey {
                    payloadStart.storeBytes(of: maskingKey.bigEndian, toByteOffset: -4, as: UInt32.self)
                }
                if length > 0 {
                    payloadStart.copyMemory(from: payload.baseAddress!, byteCount: length)
                    if let maskingKey {
                        WebSocketMask.apply(
                            maskingKey, to: UnsafeMutableRawBufferPointer(start: payloadStart, count: length), phase: 0)
                    }
                }
                initialized &+= headerSize &+ length
            }
        }
    }

    /// Appends one frame to `out`.
    package static func writeFrame(
        fin: Bool, rsv1: Bool = false, opcode: WebSocketOpcode, payload: [UInt8], maskingKey: UInt32?,
        into out: inout [UInt8]
    ) {
        payload.withUnsafeBytes {
            writeFrame(fin: fin, rsv1: rsv1, opcode: opcode, payload: $0, maskingKey: maskingKey, into: &out)
        }
    }

    /// Appends a close frame (RFC 6455 §5.5.1). With a code, the payload is the code in network byte order followed
    /// by `reason` cut to 123 bytes at a character boundary; without one the payload is empty and `reason` is
    /// ignored, since a reason may only follow a code.
    package static func writeClose(
        code: WebSocketCloseCode?, reason: some StringProtocol, maskingKey: UInt32?, into out: inout [UInt8]
    ) {
        // 128 bytes of stack: 2 for the code, 123 for the reason, and one more to see where the reason was cut.
        var storage = InlineArray<128, UInt8>(repeating: 0)
        withUnsafeMutableBytes(of: &storage) { raw in
            var length = 0
            if let code {
                raw[0] = UInt8(truncatingIfNeeded: code.rawValue >> 8)
                raw[1] = UInt8(truncatingIfNeeded: code.rawValue)
                var reasonLength = 0
                for byte in reason.utf8 {
                    raw[2 + reasonLength] = byte
                    reasonLength += 1
                    if reasonLength > maxCloseReasonBytes { break }
                }
                if reasonLength > maxCloseReasonBytes {
                    // Cut before the character that straddles the limit: the reason must stay valid UTF-8
                    // (§5.5.1), so back up over continuation bytes to the straddling character's lead byte.
                    reasonLength = maxCloseReasonBytes
                    while reasonLength > 0 && raw[2 + reasonLength] & 0xC0 == 0x80 { reasonLength -= 1 }
                }
                length = 2 + reasonLength
            }
            writeFrame(
                fin: true, opcode: .close, payload: UnsafeRawBufferPointer(rebasing: raw[0..<length]),
                maskingKey: maskingKey, into: &out)
        }
    }

    /// The size of a frame header for a payload of `payloadLength` bytes (RFC 6455 §5.2): 2 bytes, plus 2 or 8 for
    /// an extended length, plus 4 for a masking key.
    @inline(__always)
    package static func headerSize(payloadLength: Int, masked: Bool) -> Int {
        let lengthBytes = payloadLength <= 125 ? 0 : (payloadLength <= 0xFFFF ? 2 : 8)
        return 2 + lengthBytes + (masked ? 4 : 0)
    }
}

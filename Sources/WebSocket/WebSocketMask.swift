/// Payload masking (RFC 6455 §5.3): byte `i` of the payload is XORed with byte `i mod 4` of the masking key.
/// Masking and unmasking are the same operation.
package enum WebSocketMask {
    /// XORs `bytes` in place with `key`, where the first byte of `bytes` is at payload offset `phase` (only
    /// `phase mod 4` matters), so a payload can be processed in pieces as it arrives.
    @inline(__always)
    package static func apply(_ key: UInt32, to bytes: UnsafeMutableRawBufferPointer, phase: Int) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        // The key rotated so that memory byte j of `word` is key byte (phase + j) mod 4, whatever the endianness:
        // rotated left by `phase` bytes, stored big-endian (wire order), and repeated in both halves.
        let shift = UInt32(8 &* (phase & 3))
        let rotated = (key << shift | key >> (32 &- shift)).bigEndian
        let word = UInt64(rotated) | UInt64(rotated) << 32
        var i = 0
        while i &+ 32 <= count {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            base.storeBytes(of: a ^ word, toByteOffset: i, as: UInt64.self)
            base.storeBytes(of: b ^ word, toByteOffset: i &+ 8, as: UInt64.self)
            base.storeBytes(of: c ^ word, toByteOffset: i &+ 16, as: UInt64.self)
            base.storeBytes(of: d ^ word, toByteOffset: i &+ 24, as: UInt64.self)
            i &+= 32
        }
        while i &+ 8 <= count {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            base.storeBytes(of: a ^ word, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < count {
            let byte = base.load(fromByteOffset: i, as: UInt8.self)
            base.storeBytes(of: byte ^ keyByte(key, phase &+ i), toByteOffset: i, as: UInt8.self)
            i &+= 1
        }
    }

    /// Key byte `offset mod 4`, counting from the first byte on the wire.
    @inline(__always)
    private static func keyByte(_ key: UInt32, _ offset: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: key >> UInt32(24 &- 8 &* (offset & 3)))
    }
}

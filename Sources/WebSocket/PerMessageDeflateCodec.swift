import CZlib
import HTTP

/// The deflate and inflate streams that every permessage-deflate connection of one thread shares (RFC 7692 §7.2).
///
/// Because both ends compress each message independently (no context takeover, see
/// ``PerMessageDeflateParameters``), no stream carries anything from one message to the next: a connection needs
/// no zlib state of its own, only this thread's codec between the start and the end of one call. Memory is per
/// thread: one inflate stream (≈ 7 KiB + a 32 KiB window), one deflate stream per window size in use (≈ 150 KiB at
/// 15 bits), and the output buffers, which grow to the largest message seen.
///
/// Not thread-safe: use it only on the thread that owns it (one event loop).
package final class PerMessageDeflateCodec {
    /// §7.2.1: a sync flush ends with an empty stored block, `00 00 ff ff`; senders strip it, receivers add it back.
    private static let tail: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

    private var deflaters: [ZlibDeflater?] = Array(repeating: nil, count: 16)
    private var inflater: ZlibInflater?
    /// The last inflated message; valid until the next `inflate` call.
    private var inflated: [UInt8] = []
    /// The last compressed message; valid until the next `compress` call.
    private var compressed: [UInt8] = []

    /// A codec that makes its zlib streams on first use.
    package init() {}

    /// Heap bytes held by the output buffers (the zlib streams are not counted).
    package var bufferedCapacity: Int { inflated.capacity + compressed.capacity }

    /// `payload` compressed as one message (§7.2.1) with a window of at most `windowBits`, or nil when zlib failed.
    /// The bytes are valid until the next call.
    package func compress(_ payload: UnsafeRawBufferPointer, windowBits: Int) -> UnsafeRawBufferPointer? {
        let bits = Swift.min(Swift.max(windowBits, 8), 15)
        if deflaters[bits] == nil {
            // zlib's raw deflate has no 8-bit window; at 8 bits, run-length matches (distance 1) fit any window.
            // memLevel 4: deflateReset clears the hash table before every message, 4 KiB at this level against
            // 64 KiB at zlib's default 8, and game-sized messages (hundreds of bytes to a few KiB) compress the same.
            deflaters[bits] =
                bits == 8
                ? ZlibDeflater(windowBits: -9, memLevel: 4, strategy: Z_RLE)
                : ZlibDeflater(windowBits: -Int32(bits), memLevel: 4)
        }
        guard let deflater = deflaters[bits] else { return nil }
        deflater.reset()
        return compress(payload, using: deflater)
    }

    /// `payload` compressed as the next message of `deflater`'s stream (context takeover: it may refer back to the
    /// stream's earlier messages), or nil when zlib failed. The bytes are valid until the next call.
    package func compress(_ payload: UnsafeRawBufferPointer, using deflater: ZlibDeflater) -> UnsafeRawBufferPointer? {
        compressed.removeAll(keepingCapacity: true)
        guard deflater.deflate(payload, flush: Z_SYNC_FLUSH, into: &compressed) else { return nil }
        if compressed.count >= 4 && compressed.suffix(4).elementsEqual(Self.tail) {
            compressed.removeLast(4)
        }
        // §7.2.3.6: an empty message compresses to a single 00 (an empty fixed-Huffman block would also do).
        if compressed.isEmpty { compressed.append(0) }
        return compressed.withUnsafeBytes { $0 }
    }

    /// What ``inflate(_:limit:)`` found.
    package enum InflateResult {
        /// The message's bytes, valid until the next call.
        case message(UnsafeRawBufferPointer)
        /// The message inflates to more than the limit.
        case tooBig
        /// Not valid deflate data.
        case corrupt
        /// zlib could not be set up (out of memory).
        case unavailable
    }

    /// Inflates one compressed message (§7.2.2): the payload followed by `00 00 ff ff`, stopping as soon as the
    /// output would exceed `limit` bytes.
    package func inflate(_ payload: UnsafeRawBufferPointer, limit: Int) -> InflateResult {
        if inflater == nil { inflater = ZlibInflater(windowBits: -15) }
        guard let inflater else { return .unavailable }
        inflater.reset()
        return inflate(payload, limit: limit, using: inflater)
    }

    /// Inflates the next message of `inflater`'s stream, for a peer that keeps context between messages.
    package func inflate(_ payload: UnsafeRawBufferPointer, limit: Int, using inflater: ZlibInflater) -> InflateResult {
        inflated.removeAll(keepingCapacity: true)
        switch inflater.inflate(payload, into: &inflated, limit: limit) {
        case .tooBig: return .tooBig
        case .corrupt: return .corrupt
        case .streamEnd:
            // A sender may end a message with a final block instead of a flush (§7.2.3.4, whose example has a
            // byte after it); what follows the final block carries nothing and is ignored.
            break
        case .consumed:
            let outcome = Self.tail.withUnsafeBytes { inflater.inflate($0, into: &inflated, limit: limit) }
            switch outcome {
            case .tooBig: return .tooBig
            case .corrupt: return .corrupt
            case .consumed, .streamEnd: break
            }
        }
        return .message(inflated.withUnsafeBytes { $0 })
    }

    /// A deflate stream for one connection that keeps context between messages, in a window of `windowBits`
    /// (9…15; 8 gives run-length matches only). memLevel 2 keeps it small: at 10 bits it holds about 11 KiB.
    package static func makeContextDeflater(windowBits: Int) -> ZlibDeflater? {
        let bits = Swift.min(Swift.max(windowBits, 8), 15)
        return bits == 8
            ? ZlibDeflater(windowBits: -9, memLevel: 2, strategy: Z_RLE)
            : ZlibDeflater(windowBits: -Int32(bits), memLevel: 2)
    }

    /// Releases buffers grown past `limit` bytes by a large message, so a spike does not stay resident.
    package func trim(above limit: Int) {
        if inflated.capacity > limit { inflated = [] }
        if compressed.capacity > limit { compressed = [] }
    }
}

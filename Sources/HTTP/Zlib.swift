import CZlib

/// A zlib deflate stream (raw deflate or gzip) that is reset and reused rather than made per use.
///
/// Not thread-safe: the owner (a loop, or one cache fill) uses it from one thread. The `z_stream` lives on the heap
/// because zlib keeps a pointer back to it and refuses a stream that moved.
package final class ZlibDeflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// `windowBits` as zlib takes it: −9…−15 for raw deflate, 25…31 for gzip. Nil when zlib refuses the parameters
    /// or is out of memory.
    package init?(windowBits: Int32, level: Int32 = 6, memLevel: Int32 = 8, strategy: Int32 = Z_DEFAULT_STRATEGY) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard wq_deflate_init2(stream, level, windowBits, memLevel, strategy) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Forgets all history: the next input starts an independent stream with the same parameters.
    package func reset() { deflateReset(stream) }

    /// Compresses all of `input` and appends the result to `out`, flushed with `flush` (`Z_SYNC_FLUSH` ends on a
    /// byte boundary with `00 00 ff ff`; `Z_FINISH` ends the stream). Returns false on a zlib error.
    @discardableResult
    package func deflate(_ input: UnsafeRawBufferPointer, flush: Int32, into out: inout [UInt8]) -> Bool {
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(input.count)
        // The bound covers the whole input in one call; the loop only runs again for a flush marker's bytes.
        var chunk = Int(deflateBound(stream, UInt(input.count))) &+ 16
        while true {
            let start = out.count
            if out.capacity < start &+ chunk { out.reserveCapacity(Swift.max(start &+ chunk, out.capacity &* 2)) }
            out.append(contentsOf: repeatElement(0, count: chunk))
            let result = out.withUnsafeMutableBytes { raw -> Int32 in
                stream.pointee.next_out = (raw.baseAddress! + start).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(chunk)
                return CZlib.deflate(stream, flush)
            }
            let left = Int(stream.pointee.avail_out)
            out.removeLast(left)
            stream.pointee.next_out = nil
            if result == Z_STREAM_END { break }
            guard result == Z_OK || result == Z_BUF_ERROR else { return false }
            // Output space left over means zlib had nothing more to write for this flush.
            if left > 0 && stream.pointee.avail_in == 0 && flush != Z_FINISH { break }
            chunk = 256
        }
        stream.pointee.next_in = nil
        return true
    }

    /// `bytes` as one complete gzip member (RFC 1952), for files compressed once and cached. Level 6, zlib's
    /// default: `Maps/world.tmj` (816 KB) becomes 40.7 KB in about 40 ms, where level 9 saves 4 KB more but takes
    /// nine times as long, on the loop that serves the request.
    package static func gzip(_ bytes: UnsafeRawBufferPointer, level: Int32 = 6) -> [UInt8]? {
        guard let deflater = ZlibDeflater(windowBits: 31, level: level) else { return nil }
        var out: [UInt8] = []
        return deflater.deflate(bytes, flush: Z_FINISH, into: &out) ? out : nil
    }
}

/// A zlib inflate stream (raw deflate or gzip), reset and reused, whose output is bounded by the caller.
///
/// Not thread-safe: one owner thread, as for ``ZlibDeflater``.
package final class ZlibInflater {
    /// How an `inflate` call ended.
    package enum Outcome: Equatable, Sendable {
        /// All input was consumed and its output written.
        case consumed
        /// The stream's final block ended; input after it was not used.
        case streamEnd(unusedInput: Int)
        /// The output would exceed the limit (a decompression bomb or just too big a message).
        case tooBig
        /// The input is not valid deflate data.
        case corrupt
    }

    private let stream: UnsafeMutablePointer<z_stream>

    /// `windowBits` as zlib takes it: −8…−15 for raw deflate, 47 for zlib or gzip with automatic detection.
    package init?(windowBits: Int32) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard wq_inflate_init2(stream, windowBits) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Forgets all history: the next input starts a new stream.
    package func reset() { inflateReset(stream) }

    /// Inflates `input`, appending to `out`, and stops with `.tooBig` as soon as `out` would hold more than `limit`
    /// bytes: the output is grown in steps, never allocated from a size the input claims.
    package func inflate(_ input: UnsafeRawBufferPointer, into out: inout [UInt8], limit: Int) -> Outcome {
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        while true {
            let start = out.count
            // One byte past the limit, so that reaching it can be told from exceeding it.
            let room = limit &+ 1 &- start
            if room <= 0 { return .tooBig }
            let chunk = Swift.min(room, Swift.max(1024, input.count &* 4))
            if out.capacity < start &+ chunk { out.reserveCapacity(Swift.max(start &+ chunk, out.capacity &* 2)) }
            out.append(contentsOf: repeatElement(0, count: chunk))
            let result = out.withUnsafeMutableBytes { raw -> Int32 in
                stream.pointee.next_out = (raw.baseAddress! + start).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(chunk)
                return CZlib.inflate(stream, Z_SYNC_FLUSH)
            }
            let left = Int(stream.pointee.avail_out)
            out.removeLast(left)
            switch result {
            case Z_STREAM_END:
                // The output had room for one byte past the limit: a stream ending exactly there is too big too.
                if out.count > limit { return .tooBig }
                return .streamEnd(unusedInput: Int(stream.pointee.avail_in))
            case Z_OK, Z_BUF_ERROR:
                if out.count > limit { return .tooBig }
                // Done once all input is in and zlib stopped short of filling the output.
                if stream.pointee.avail_in == 0 && left > 0 { return .consumed }
                if result == Z_BUF_ERROR && left > 0 { return .consumed }
            default:
                return .corrupt
            }
        }
    }
}

import CLinux
import Glibc

/// The bytes a connection still has to send, as a list of chunks flushed with one writev.
///
/// Owned chunks come from the loop's ``BufferPool`` and small writes are appended to the last one, so a burst of
/// frames becomes one syscall. Shared chunks (one encoded broadcast sent to many connections) are queued by
/// reference and never appended to.
struct WriteQueue {
    private var chunks: [[UInt8]] = []
    private var shared: [Bool] = []
    /// Bytes of `chunks[0]` already sent.
    private var headOffset = 0
    private(set) var byteCount = 0
    /// Bytes taken off the queue since it was made (sent, or dropped on close).
    private(set) var totalSent: UInt64 = 0

    var isEmpty: Bool { byteCount == 0 }

    /// The largest buffer a connection keeps between writes (see `consume`).
    static let maxKeptCapacity = 1024

    /// Lets `body` append to the last owned chunk (taking one from the pool if needed).
    mutating func withTail<R>(pool: inout BufferPool, _ body: (inout [UInt8]) throws -> R) rethrows -> R {
        if chunks.isEmpty || shared[shared.count - 1] {
            chunks.append(pool.take())
            shared.append(false)
        }
        let last = chunks.count - 1
        let before = chunks[last].count
        let result = try body(&chunks[last])
        byteCount += chunks[last].count - before
        return result
    }

    mutating func appendShared(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        shared.append(true)
        byteCount += bytes.count
    }

    /// Trivial (an errno, not an ``IOError`` with its string), so that returning it costs no reference counting.
    enum FlushResult {
        case drained
        case partial
        /// The send failed with this errno.
        case failed(Int32)
    }

    /// Writes as much as the socket takes. Up to 64 chunks go out in one writev.
    mutating func flush(fd: Int32, pool: inout BufferPool) -> FlushResult {
        while byteCount > 0 {
            let written: Int
            do {
                guard let n = try nonBlockingSyscall("writev", { gatherWrite(fd: fd) }) else { return .partial }
                written = n
            } catch {
                return .failed(error.errnoCode)
            }
            consume(written, pool: &pool)
        }
        return .drained
    }

    /// Drops everything queued (the connection is closing) and returns owned buffers to the pool.
    mutating func discard(pool: inout BufferPool) {
        consume(byteCount, pool: &pool)
        releaseIdleBuffer(pool: &pool)
    }

    private mutating func consume(_ count: Int, pool: inout BufferPool) {
        var remaining = count
        byteCount -= count
        totalSent &+= UInt64(count)
        while !chunks.isEmpty {
            let available = chunks[0].count - headOffset
            guard remaining >= available else {
                headOffset += remaining
                return
            }
            remaining -= available
            if chunks.count == 1 && !shared[0] {
                // Keep the last owned buffer for the next write: an active connection reuses it without touching
                // the pool; the loop's sweep returns it once the connection goes quiet. Sent bytes are only skipped
                // until they fill half of it: emptying an array costs more than a small write. A buffer that grew
                // for one big write (a crowd's SPAWNs on entering) goes back at once: kept, it would pin kilobytes
                // for as long as the player plays, and the usual writes fit the pool's small ones.
                if chunks[0].capacity > Self.maxKeptCapacity {
                    headOffset = 0
                    pool.give(&chunks[0])
                    chunks.removeAll(keepingCapacity: true)
                    shared.removeAll(keepingCapacity: true)
                    return
                }
                if chunks[0].count > chunks[0].capacity / 2 {
                    chunks[0].removeAll(keepingCapacity: true)
                    headOffset = 0
                } else {
                    headOffset = chunks[0].count
                }
                return
            }
            headOffset = 0
            if !shared[0] { pool.give(&chunks[0]) }
            chunks.removeFirst()
            shared.removeFirst()
        }
    }

    /// Returns an emptied buffer to the pool and frees the chunk lists, so that an idle connection holds no output
    /// memory.
    mutating func releaseIdleBuffer(pool: inout BufferPool) {
        guard byteCount == 0, chunks.capacity > 0 else { return }
        if chunks.count == 1 && !shared[0] { pool.give(&chunks[0]) }
        chunks = []
        shared = []
        headOffset = 0
    }

    private func gatherWrite(fd: Int32) -> Int {
        if chunks.count == 1 {
            return chunks[0].withUnsafeBytes { raw in
                wq_send(fd, raw.baseAddress! + headOffset, raw.count - headOffset, Int32(MSG_NOSIGNAL))
            }
        }
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: 64) { iov in
            gather(index: 0, end: min(chunks.count, 64), iov: iov.baseAddress!, fd: fd)
        }
    }

    /// Pins each chunk's storage by nesting `withUnsafeBytes`, then writes all of them at the innermost level.
    private func gather(index: Int, end: Int, iov: UnsafeMutablePointer<iovec>, fd: Int32) -> Int {
        if index == end {
            var message = msghdr()
            message.msg_iov = iov
            message.msg_iovlen = end
            return wq_sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
        }
        return chunks[index].withUnsafeBytes { raw in
            let skip = index == 0 ? headOffset : 0
            iov[index] = iovec(
                iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress!) + skip, iov_len: raw.count - skip)
            return gather(index: index + 1, end: end, iov: iov, fd: fd)
        }
    }
}

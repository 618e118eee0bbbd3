/// Output buffers a loop lends to its connections while they have bytes queued, and takes back once flushed, so
/// that busy connections reuse storage and idle ones hold none.
struct BufferPool {
    private var free: [[UInt8]] = []
    /// Buffers larger than this go back to the allocator instead of the pool (one big message must not pin memory).
    let maxPooledCapacity: Int
    /// Few: enough for the connections that write in one loop iteration to reuse storage, not so many that a burst
    /// of connections (each flushes its handshake answer once) leaves the pool holding their buffers for good.
    let maxPooledCount: Int

    init(maxPooledCapacity: Int = 16 * 1024, maxPooledCount: Int = 32) {
        self.maxPooledCapacity = maxPooledCapacity
        self.maxPooledCount = maxPooledCount
    }

    mutating func take() -> [UInt8] {
        if let buffer = free.popLast() { return buffer }
        var buffer: [UInt8] = []
        // Small: a burst where every connection writes at once (a flush, a broadcast) takes one buffer each, and a
        // player's usual batch is about a hundred bytes.
        buffer.reserveCapacity(256)
        return buffer
    }

    mutating func give(_ buffer: inout [UInt8]) {
        guard buffer.capacity <= maxPooledCapacity, free.count < maxPooledCount else {
            buffer = []
            return
        }
        var returned: [UInt8] = []
        swap(&returned, &buffer)
        returned.removeAll(keepingCapacity: true)
        free.append(returned)
    }

    var count: Int { free.count }
}

import Glibc
import Testing

@testable import NetCore

/// The write queue against a real socket pair with a tiny send buffer, so partial writes actually happen.
struct WriteQueueTests {
    private func socketPair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds)
        var small: Int32 = 4096
        setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        return (fds[0], fds[1])
    }

    private func drain(_ fd: Int32, into received: inout [UInt8]) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n <= 0 { return }
            received += buffer[0..<n]
        }
    }

    @Test func keepsOrderAcrossOwnedAndSharedChunksAndPartialWrites() {
        let (writer, reader) = socketPair()
        defer {
            close(writer)
            close(reader)
        }
        var pool = BufferPool()
        var queue = WriteQueue()
        var expected: [UInt8] = []
        let shared = [UInt8](repeating: 0xAB, count: 100_000)
        for round in 0..<20 {
            let small = (0..<(round * 37 % 500 + 1)).map { UInt8(truncatingIfNeeded: $0 &+ round) }
            queue.withTail(pool: &pool) { $0.append(contentsOf: small) }
            expected += small
            if round % 5 == 0 {
                queue.appendShared(shared)
                expected += shared
            }
        }
        #expect(queue.byteCount == expected.count)
        var received: [UInt8] = []
        var partials = 0
        while true {
            switch queue.flush(fd: writer, pool: &pool) {
            case .drained:
                break
            case .partial:
                partials += 1
                drain(reader, into: &received)
                continue
            case .failed(let code):
                Issue.record("flush failed: errno \(code)")
            }
            break
        }
        drain(reader, into: &received)
        #expect(partials > 0)
        #expect(received == expected)
        #expect(queue.isEmpty)
    }

    @Test func idleConnectionsHandTheirBufferBackToThePool() {
        let (writer, reader) = socketPair()
        defer {
            close(writer)
            close(reader)
        }
        var pool = BufferPool()
        var queue = WriteQueue()
        queue.withTail(pool: &pool) { $0.append(contentsOf: [1, 2, 3]) }
        #expect(pool.count == 0)
        guard case .drained = queue.flush(fd: writer, pool: &pool) else {
            Issue.record("expected a full flush")
            return
        }
        // Still active: the buffer stays with the connection for its next write.
        #expect(pool.count == 0)
        queue.releaseIdleBuffer(pool: &pool)
        #expect(pool.count == 1)
        queue.withTail(pool: &pool) { $0.append(9) }
        #expect(pool.count == 0)
        queue.discard(pool: &pool)
        #expect(pool.count == 1)
        #expect(queue.isEmpty)
    }

    @Test func poolDropsBuffersThatGrewTooLarge() {
        var pool = BufferPool(maxPooledCapacity: 1024, maxPooledCount: 2)
        var big = [UInt8](repeating: 0, count: 4096)
        pool.give(&big)
        #expect(pool.count == 0)
        for _ in 0..<3 {
            var small: [UInt8] = []
            small.reserveCapacity(16)
            pool.give(&small)
        }
        #expect(pool.count == 2)
    }
}

import CLinux
import Glibc
import Support

/// A plain blocking client socket with send and receive timeouts: for command-line tools (the admin client, over a
/// Unix socket) and tests that need to send exact bytes and read exact answers, outside any event loop. A read that
/// times out throws `EAGAIN`.
package final class BlockingSocket {
    package let fd: Int32

    /// Connects to `address`; a send or a read gives up (`EAGAIN`) after `timeout`.
    package init(connectingTo address: SocketAddress, timeout: Duration = .seconds(5)) throws(IOError) {
        try address.validate()
        fd = try syscall("socket") {
            Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let spec = timeout.posixTimespec
        var tv = timeval(tv_sec: spec.tv_sec, tv_usec: spec.tv_nsec / 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        do {
            _ = try syscall("connect") { address.withSockAddr { Glibc.connect(fd, $0, $1) } }
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends every byte (or throws).
    package func send(_ bytes: [UInt8]) throws(IOError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(errnoCode: errno, function: "send")
            }
            offset += n
        }
    }

    package func send(_ text: String) throws(IOError) { try send(Array(text.utf8)) }

    /// Reads what is available (blocking for the first byte); empty at end of stream.
    package func receive(max: Int = 65536) throws(IOError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, 0) }
            if n >= 0 { return Array(buffer.prefix(n)) }
            if errno != EINTR { throw IOError(errnoCode: errno, function: "recv") }
        }
    }

    /// Reads until `count` bytes have arrived or the stream ends.
    package func receive(exactly count: Int) throws(IOError) -> [UInt8] {
        var result: [UInt8] = []
        while result.count < count {
            let chunk = try receive(max: count - result.count)
            if chunk.isEmpty { break }
            result += chunk
        }
        return result
    }

    /// Reads until the peer closes (or the timeout throws).
    package func receiveUntilClosed(limit: Int = 64 << 20) throws(IOError) -> [UInt8] {
        var result: [UInt8] = []
        while result.count < limit {
            let chunk = try receive()
            if chunk.isEmpty { break }
            result += chunk
        }
        return result
    }

    /// Reads until `terminator` appears; returns everything read so far.
    package func receive(until terminator: [UInt8], limit: Int = 1 << 20) throws(IOError) -> [UInt8] {
        var result: [UInt8] = []
        while result.count < limit {
            let chunk = try receive(max: 1)
            if chunk.isEmpty { break }
            result += chunk
            if result.count >= terminator.count, Array(result.suffix(terminator.count)) == terminator { break }
        }
        return result
    }

    /// Half-closes the sending side.
    package func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }
}

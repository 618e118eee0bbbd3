import Glibc

/// Why `wirequest admin` could not talk to the server.
package struct AdminClientError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// A blocking connection to a server's admin socket: one request, one response, in order. Blocking is right here:
/// the client does nothing else while it waits, and a timeout keeps a wedged server from hanging a script.
package final class AdminClient {
    private let fd: Int32
    private var parser = AdminResponseParser()
    /// How long to wait for an answer (a `players` list crosses every world thread: a few ticks).
    package var timeoutMilliseconds: Int32 = 10_000

    package init(socketPath path: String) throws(AdminClientError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { throw AdminClientError("socket path is too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw AdminClientError("socket: \(String(cString: strerror(errno)))") }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            let hint: String
            switch code {
            case ENOENT: hint = " (is `wirequest serve` running in this directory? see --socket)"
            case ECONNREFUSED: hint = " (no server is listening: a stale socket file from a stopped server?)"
            case EACCES: hint = " (the socket belongs to another user: run as the server's user)"
            default: hint = ""
            }
            throw AdminClientError("cannot connect to \(path): \(String(cString: strerror(code)))\(hint)")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends one request and waits for its response.
    package func send(_ request: AdminRequestLine) throws(AdminClientError) -> AdminResponse {
        let bytes = request.encoded
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AdminClientError("the server closed the admin connection")
            }
            written += n
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            do throws(AdminParseError) {
                if let response = try parser.next() { return response }
            } catch {
                throw AdminClientError("the server sent a \(error)")
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, timeoutMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw AdminClientError("poll: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { throw AdminClientError("no answer within \(timeoutMilliseconds / 1000) s") }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AdminClientError("recv: \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw AdminClientError("the server closed the admin connection") }
            parser.feed(buffer[0..<n])
        }
    }
}

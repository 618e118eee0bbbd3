import Glibc
import Support

/// A blocking-style TCP or unix-socket client over a non-blocking descriptor: every wait is a `poll` bounded by a
/// deadline, so a silent server costs at most the timeout. Used only on the storage thread.
final class PostgresSocket {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close() }

    var isOpen: Bool { fd >= 0 }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// Connects to `host:port` (a name or address; a path starting with `/` is the directory of a unix socket,
    /// `.s.PGSQL.PORT` in it) before `deadline` (``MonotonicClock`` nanoseconds).
    static func connect(host: String, port: Int, deadline: UInt64) throws(PostgresError) -> PostgresSocket {
        if host.hasPrefix("/") { return try connectUnix(path: "\(host)/.s.PGSQL.\(port)", deadline: deadline) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .io("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            do {
                return try connect(
                    family: info.pointee.ai_family, address: info.pointee.ai_addr, length: info.pointee.ai_addrlen,
                    deadline: deadline)
            } catch {
                lastError = "\(error)"
            }
        }
        throw .io("cannot connect to \(host):\(port): \(lastError)")
    }

    private static func connectUnix(path: String, deadline: UInt64) throws(PostgresError) -> PostgresSocket {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .io("socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return try withUnsafePointer(to: &address) { (pointer) throws(PostgresError) -> PostgresSocket in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (raw) throws(PostgresError) in
                try connect(
                    family: AF_UNIX, address: raw, length: socklen_t(MemoryLayout<sockaddr_un>.size),
                    deadline: deadline)
            }
        }
    }

    private static func connect(
        family: Int32, address: UnsafePointer<sockaddr>, length: socklen_t, deadline: UInt64
    ) throws(PostgresError) -> PostgresSocket {
        let fd = Glibc.socket(
            family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .io("socket: \(errnoText())") }
        let socket = PostgresSocket(fd: fd)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS else { throw .io(errnoText()) }
            try socket.wait(for: Int16(POLLOUT), deadline: deadline, doing: "connecting")
            var value: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &size) == 0, value == 0 else {
                throw .io(String(cString: strerror(value)))
            }
        }
        if family != AF_UNIX {
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        return socket
    }

    /// Writes all of `bytes` before `deadline`.
    func write(_ bytes: [UInt8], deadline: UInt64) throws(PostgresError) {
        var offset = 0
        while offset < bytes.count {
            guard fd >= 0 else { throw .io("not connected") }
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                try wait(for: Int16(POLLOUT), deadline: deadline, doing: "writing")
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                throw .io("write: \(errnoText())")
            }
        }
    }

    /// Reads what is there (at least one byte) into `reader`, waiting until `deadline`; EOF is an error.
    func read(into reader: inout BackendMessageReader, deadline: UInt64) throws(PostgresError) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            guard fd >= 0 else { throw .io("not connected") }
            let count = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, 0) }
            if count > 0 {
                chunk.withUnsafeBytes { reader.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                return
            }
            if count == 0 { throw .io("the server closed the connection") }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLIN), deadline: deadline, doing: "waiting for the server")
            } else if errno != EINTR {
                throw .io("read: \(errnoText())")
            }
        }
    }

    private func wait(for events: Int16, deadline: UInt64, doing: String) throws(PostgresError) {
        while true {
            let now = MonotonicClock.now().nanoseconds
            guard now < deadline else { throw .io("timed out \(doing)") }
            let milliseconds = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .io("poll: \(errnoText())") }
        }
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }

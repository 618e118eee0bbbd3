import CLinux
import Glibc

/// Thin, throwing wrappers over the socket calls the loop needs. Every socket is non-blocking and close-on-exec.
package enum Socket {
    /// A listening TCP socket bound to `address` (SO_REUSEADDR so a restarted server can rebind at once).
    package static func listen(on address: SocketAddress, backlog: Int32 = 4096) throws(IOError) -> Int32 {
        try address.validate()
        let fd = try syscall("socket") {
            Glibc.socket(
                address.family,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                    | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do {
            if address.family != AF_UNIX {
                try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            }
            _ = try syscall("bind") { address.withSockAddr { Glibc.bind(fd, $0, $1) } }
            _ = try syscall("listen") { Glibc.listen(fd, backlog) }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// Accepts one pending connection, or nil when none is waiting.
    package static func accept(_ listenFD: Int32) throws(IOError) -> (fd: Int32, peer: SocketAddress?)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(IOError) -> Int32? in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(IOError) -> Int32? in
                try nonBlockingSyscall("accept4") {
                    wq_accept4(listenFD, address, &length)
                }
            }
        }
        guard let fd else { return nil }
        return (fd, SocketAddress(storage: storage))
    }

    /// Starts a non-blocking connect. Returns true when connected at once, false when in progress (EINPROGRESS).
    package static func connect(to address: SocketAddress) throws(IOError) -> (fd: Int32, connected: Bool) {
        try address.validate()
        let fd = try syscall("socket") {
            Glibc.socket(
                address.family,
                Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                    | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        if result == 0 { return (fd, true) }
        let code = errno
        if code == EINPROGRESS || code == EINTR { return (fd, false) }
        Glibc.close(fd)
        throw IOError(errnoCode: code, function: "connect to \(address)")
    }

    /// The pending error of a socket (after a non-blocking connect completes), 0 for none.
    package static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) != 0 { return errno }
        return value
    }

    package static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(IOError) {
        var value = value
        _ = try syscall("setsockopt") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Disables Nagle: game updates are small and latency-bound, and we already batch one write per tick.
    package static func setNoDelay(_ fd: Int32) {
        try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// Fixes the kernel's send buffer (SO_SNDBUF, which Linux doubles for its bookkeeping) instead of letting it grow
    /// to `tcp_wmem`'s maximum (4 MiB by default) for a peer that does not read.
    package static func setSendBuffer(_ fd: Int32, bytes: Int) {
        try? setOption(fd, SOL_SOCKET, SO_SNDBUF, Int32(clamping: bytes))
    }

    /// The process on the other end of a Unix socket, from SO_PEERCRED; nil if the kernel will not say.
    package static func peerCredentials(_ fd: Int32) -> PeerCredentials? {
        var credentials = PeerCredentials(pid: 0, uid: 0, gid: 0)
        guard wq_peer_credentials(fd, &credentials.pid, &credentials.uid, &credentials.gid) == 0 else { return nil }
        return credentials
    }

    package static func localAddress(_ fd: Int32) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        return ok ? SocketAddress(storage: storage) : nil
    }
}

/// Who is connected to a Unix socket: the peer's process and user, as the kernel saw them at `connect`.
package struct PeerCredentials: Sendable, Equatable {
    package var pid: Int32
    package var uid: UInt32
    package var gid: UInt32
}

/// Raises the open-files soft limit to the hard limit: every player is a file descriptor, and distributions
/// default the soft limit to 1,024. Returns the limit now in force.
@discardableResult
package func raiseOpenFileLimit() -> UInt64 {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    if limit.rlim_cur < limit.rlim_max {
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
    }
    return UInt64(limit.rlim_cur)
}

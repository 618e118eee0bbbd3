import Glibc

/// A failed system call: which one and its errno.
package struct IOError: Error, Sendable, CustomStringConvertible {
    package var errnoCode: Int32
    package var function: String

    package init(errnoCode: Int32, function: String) {
        self.errnoCode = errnoCode
        self.function = function
    }

    package var description: String {
        "\(function) failed: \(String(cString: strerror(errnoCode))) (errno \(errnoCode))"
    }
}

/// Runs a system call that returns -1 on failure, retrying on EINTR and throwing anything else.
@inline(__always)
package func syscall<T: FixedWidthInteger>(_ function: String, _ body: () -> T) throws(IOError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw IOError(errnoCode: code, function: function)
    }
}

/// Like `syscall`, but returns nil for EAGAIN/EWOULDBLOCK, which non-blocking sockets report as "not now".
@inline(__always)
package func nonBlockingSyscall<T: FixedWidthInteger>(
    _ function: String, _ body: () -> T
) throws(IOError) -> T? {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK { return nil }
        throw IOError(errnoCode: code, function: function)
    }
}

import Glibc
import NetCore
import Support

/// Why `wirequest admin` could not talk to the server.
package struct AdminClientError: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// A blocking connection to a server's admin socket: one request, one response, in order. Blocking is right here:
/// the client does nothing else while it waits, and the socket's timeout keeps a wedged server from hanging a script.
package final class AdminClient {
    private let socket: BlockingSocket
    private var parser = AdminResponseParser()
    /// How long to wait for an answer (a `players` list crosses every world thread: a few ticks).
    package let timeout: Duration

    package init(socketPath path: String, timeout: Duration = .seconds(10)) throws(AdminClientError) {
        self.timeout = timeout
        do {
            socket = try BlockingSocket(connectingTo: .unix(path: path), timeout: timeout)
        } catch {
            let hint: String
            switch error.errnoCode {
            case ENOENT: hint = " (is `wirequest serve` running in this directory? see --socket)"
            case ECONNREFUSED: hint = " (no server is listening: a stale socket file from a stopped server?)"
            case EACCES: hint = " (the socket belongs to another user: run as the server's user)"
            default: hint = ""
            }
            throw AdminClientError("cannot connect to \(path): \(String(cString: strerror(error.errnoCode)))\(hint)")
        }
    }

    /// Sends one request and waits for its response. A relative path in the line (`backup day.sqlite`) is made
    /// absolute from this process's directory first: the server runs elsewhere.
    package func send(_ request: AdminRequestLine) throws(AdminClientError) -> AdminResponse {
        var request = request
        if let directory = Self.workingDirectory() {
            request.command = AdminCommand.withAbsolutePaths(request.command, workingDirectory: directory)
        }
        do {
            try socket.send(request.encoded)
        } catch {
            throw AdminClientError("the server closed the admin connection")
        }
        while true {
            do throws(AdminParseError) {
                if let response = try parser.next() { return response }
            } catch {
                throw AdminClientError("the server sent a \(error)")
            }
            let chunk: [UInt8]
            do {
                chunk = try socket.receive()
            } catch  where error.errnoCode == EAGAIN || error.errnoCode == EWOULDBLOCK {
                throw AdminClientError("no answer within \(timeout.wholeSeconds) s")
            } catch {
                throw AdminClientError("recv: \(String(cString: strerror(error.errnoCode)))")
            }
            if chunk.isEmpty { throw AdminClientError("the server closed the admin connection") }
            parser.feed(chunk)
        }
    }

    private static func workingDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(cString: buffer)
    }
}

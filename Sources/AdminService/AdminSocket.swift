import Admin
import Glibc
import NetCore
import Support

/// Why the admin socket could not be opened.
package struct AdminSocketError: Error, Sendable, CustomStringConvertible {
    package var description: String
}

/// The Unix domain socket `wirequest admin` attaches to. Only the server's own OS user (and root) may operate it:
/// the file is created mode 0600, and each connection's peer credentials are checked as well, so a wrong umask or a
/// loosened directory cannot open it to others.
package final class AdminSocket: Sendable {
    package let path: String
    let fd: Int32
    /// An attached client that neither asks nor waits for an answer this long is closed; zero never.
    package let idleTimeout: Duration
    /// Attached admin clients at most. At the limit a new client takes the place of the one idle longest; only
    /// when every one is waiting for an answer (a runaway script, not operators) is the new one refused.
    static let maxConnections = 16

    /// Creates and binds the socket. A live server on `path` is an error; a stale socket file left by a server
    /// that died is replaced; any other file there is left alone and is an error.
    package init(path: String, idleTimeout: Duration = .seconds(300)) throws(AdminSocketError) {
        self.path = path
        self.idleTimeout = idleTimeout
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFSOCK else {
                throw AdminSocketError(
                    description: "\(path) exists and is not a socket; remove it or use --admin-socket")
            }
            if Self.isLive(path) {
                throw AdminSocketError(
                    description: "another server is already listening on \(path); stop it, or give this one "
                        + "another --admin-socket")
            }
            unlink(path)
        }
        let fd: Int32
        do {
            // umask makes the file 0600 from the moment it exists; chmod below states it again.
            let previous = umask(0o177)
            defer { umask(previous) }
            fd = try Socket.listen(on: .unix(path: path), backlog: 16)
        } catch {
            throw AdminSocketError(description: "cannot listen on \(path): \(error)")
        }
        chmod(path, 0o600)
        self.fd = fd
    }

    /// Whether a server answers on `path`.
    static func isLive(_ path: String) -> Bool {
        (try? AdminClient(socketPath: path)) != nil
    }

    /// Starts accepting on the admin service's loop.
    package func start(for admin: AdminService) {
        let loop = admin.loop
        let fd = self.fd
        let idleTimeout = self.idleTimeout
        // The attached clients, on the admin loop only.
        let attached = LoopLocal<[AdminConnection]>(loopCount: loop.index + 1) { [] }
        loop.execute { [admin] in
            do {
                try loop.addListener(fd: fd) { [self] client, _ in
                    guard let peer = AdminPeer(fd: client) else {
                        admin.logger.warning("admin socket: cannot read peer credentials; closing")
                        Glibc.close(client)
                        return
                    }
                    guard peer.uid == geteuid() || peer.uid == 0 else {
                        admin.logger.warning("admin socket: refusing \(peer): not the server's user")
                        Glibc.close(client)
                        return
                    }
                    guard Self.makeRoom(in: attached, on: loop, for: peer, logger: admin.logger) else {
                        admin.logger.warning(
                            "admin socket: refusing \(peer): \(Self.maxConnections) admin clients attached, all busy")
                        Glibc.close(client)
                        return
                    }
                    admin.logger.debug("admin: \(peer) attached")
                    loop.adopt(fd: client, peer: nil) { _ in
                        let connection = AdminConnection(admin: admin, peer: peer, idleTimeout: idleTimeout) { gone in
                            attached.withValue(on: loop) { list in list.removeAll { $0 === gone } }
                        }
                        attached.withValue(on: loop) { $0.append(connection) }
                        return connection
                    }
                }
            } catch {
                admin.logger.error("admin socket: cannot accept on \(fd): \(error)")
            }
        }
    }

    /// At the limit, closes the attached client idle longest; false when every one is waiting for an answer.
    private static func makeRoom(
        in attached: LoopLocal<[AdminConnection]>, on loop: EventLoop, for peer: AdminPeer, logger: Logger
    ) -> Bool {
        let clients = attached[loop]
        guard clients.count >= maxConnections else { return true }
        guard let idlest = clients.filter({ !$0.isBusy }).min(by: { $0.lastActive < $1.lastActive }) else {
            return false
        }
        logger.notice("admin: closing \(idlest.peer), the client idle longest, to make room for \(peer)")
        idlest.close()
        return attached[loop].count < maxConnections
    }

    /// Stops accepting and removes the socket file.
    package func close(for admin: AdminService) {
        let fd = self.fd
        let loop = admin.loop
        loop.execute { loop.removeListener(fd: fd) }
        unlink(path)
    }
}

/// Who is on the other end of an admin connection, from SO_PEERCRED.
struct AdminPeer: CustomStringConvertible {
    var pid: Int32
    var uid: UInt32

    init?(fd: Int32) {
        guard let credentials = Socket.peerCredentials(fd) else { return nil }
        pid = credentials.pid
        uid = credentials.uid
    }

    var description: String { "\(userName(uid)) (uid \(uid), pid \(pid))" }
}

/// The login name of `uid`, or `uid N` if it has none.
func userName(_ uid: UInt32) -> String {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
        return "uid \(uid)"
    }
    return String(cString: name)
}

/// One attached `wirequest admin`, on the admin loop: lines in, answers out, one command at a time and in order.
final class AdminConnection: ConnectionHandler {
    private let admin: AdminService
    let peer: AdminPeer
    private var lines = AdminLineBuffer()
    private var queue: [AdminLineBuffer.Item] = []
    private var busy = false
    private let idleTimeout: Duration
    /// When the client last sent a line or got an answer.
    private(set) var lastActive = MonotonicClock.now()
    private weak var connection: Connection?
    private let onClose: (AdminConnection) -> Void
    /// Lines waiting behind a running command beyond this close the connection: a client must wait for answers.
    private static let maxQueued = 32

    init(admin: AdminService, peer: AdminPeer, idleTimeout: Duration, onClose: @escaping (AdminConnection) -> Void) {
        self.admin = admin
        self.peer = peer
        self.idleTimeout = idleTimeout
        self.onClose = onClose
    }

    /// Whether a command of this client is running: a question in flight keeps the connection active however long
    /// the worlds take to answer.
    var isBusy: Bool { busy }

    func close() { connection?.close() }

    func connectionDidOpen(_ connection: Connection) {
        self.connection = connection
        active(connection)
    }

    /// Something happened: the idle time starts again.
    private func active(_ connection: Connection) {
        lastActive = MonotonicClock.now()
        if idleTimeout > .zero { connection.deadline = lastActive + idleTimeout }
    }

    func connectionDeadlineReached(_ connection: Connection) {
        if busy { return active(connection) }
        admin.logger.info("admin: \(peer) idle for \(idleTimeout.wholeSeconds) s; closing")
        connection.close()
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        active(connection)
        queue += lines.feed(bytes)
        guard queue.count <= Self.maxQueued else {
            admin.logger.warning("admin: \(peer) sent \(queue.count) commands without waiting; closing")
            return connection.close()
        }
        next(connection)
    }

    private func next(_ connection: Connection) {
        guard !busy, connection.isOpen, !queue.isEmpty else { return }
        let item = queue.removeFirst()
        switch item {
        case .tooLong:
            connection.write(
                AdminResponse(.usage, "line is longer than \(AdminCommand.maxLineBytes) bytes\n").encoded)
            next(connection)
        case .line(let text):
            let request = AdminRequestLine(text)
            if request.command.allSatisfy(\.isWhitespace) {
                connection.write(AdminResponse(.ok, "").encoded)
                return next(connection)
            }
            busy = true
            admin.execute(request, actor: peer.description) { [weak self, weak connection] response in
                guard let self, let connection else { return }
                busy = false
                active(connection)
                connection.write(response.encoded)
                next(connection)
            }
        }
    }

    func connectionDidClose(_ connection: Connection) {
        admin.logger.debug("admin: \(peer) detached")
        onClose(self)
    }
}

import CLinux
import Glibc
import Support
import Synchronization

/// A listening socket registered with a loop; `onAccept` decides where each new socket goes.
final class Listener {
    let fd: Int32
    let onAccept: (Int32, SocketAddress?) -> Void

    init(fd: Int32, onAccept: @escaping (Int32, SocketAddress?) -> Void) {
        self.fd = fd
        self.onAccept = onAccept
    }
}

extension EventLoop {
    // MARK: - Registration

    func register(fd: Int32, tag: UInt64, events: UInt32) throws(IOError) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: tag))
        _ = try syscall("epoll_ctl(ADD)") { epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) }
    }

    private func modify(fd: Int32, tag: UInt64, events: UInt32) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: tag))
        epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    /// Takes ownership of a connected socket and gives it to the handler `makeHandler` returns.
    @discardableResult
    package func adopt(
        fd: Int32, peer: SocketAddress?, makeHandler: (Connection) -> any ConnectionHandler
    ) -> Connection? {
        adopt(fd: fd, peer: peer, connecting: false, makeHandler: makeHandler)
    }

    /// Opens an outgoing TCP connection; the handler hears ``ConnectionHandler/connectionDidOpen(_:)`` or
    /// ``ConnectionHandler/connectionDidFail(_:error:)``.
    @discardableResult
    package func connect(
        to address: SocketAddress, makeHandler: (Connection) -> any ConnectionHandler
    ) throws(IOError) -> Connection {
        let (fd, connected) = try Socket.connect(to: address)
        if address.family != AF_UNIX { Socket.setNoDelay(fd) }
        guard let connection = adopt(fd: fd, peer: address, connecting: !connected, makeHandler: makeHandler) else {
            throw IOError(errnoCode: EBADF, function: "epoll_ctl(ADD)")
        }
        return connection
    }

    private func adopt(
        fd: Int32, peer: SocketAddress?, connecting: Bool, makeHandler: (Connection) -> any ConnectionHandler
    ) -> Connection? {
        let generation = nextGeneration
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        let connection = Connection(fd: fd, generation: generation, loop: self, peer: peer, connecting: connecting)
        let events = connecting ? EPOLLOUT.rawValue : EPOLLIN.rawValue
        do {
            try register(fd: fd, tag: tag(of: connection), events: events)
        } catch {
            logger.error("cannot register socket: \(error)")
            Glibc.close(fd)
            return nil
        }
        connection.registeredEvents = events
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
        }
        connections[Int(fd)] = Unmanaged.passRetained(connection)
        openConnections.add(1, ordering: .relaxed)
        connection.handler = makeHandler(connection)
        if !connecting { connection.handler?.connectionDidOpen(connection) }
        return connection
    }

    private func tag(of connection: Connection) -> UInt64 {
        UInt64(connection.generation) << 32 | UInt64(UInt32(bitPattern: connection.fd))
    }

    /// Epoll interest follows state: read unless paused or connecting; write only while output is stuck.
    func updateInterest(_ connection: Connection) {
        var events: UInt32 = 0
        switch connection.state {
        case .connecting:
            events = EPOLLOUT.rawValue
        case .open, .flushingThenClose, .lingering:
            if !connection.readPaused && !connection.readsSuspended { events |= EPOLLIN.rawValue }
            if !connection.queue.isEmpty { events |= EPOLLOUT.rawValue }
        case .closed:
            return
        }
        if events != connection.registeredEvents {
            connection.registeredEvents = events
            modify(fd: connection.fd, tag: tag(of: connection), events: events)
        }
    }

    // MARK: - Output

    func markDirty(_ connection: Connection) {
        guard !connection.isDirty else { return }
        connection.isDirty = true
        dirty.append(Unmanaged.passUnretained(connection))
    }

    /// One flush per dirty connection per loop iteration: the batching point for everything written meanwhile.
    func flushDirty() {
        // In the order they were written to (a peer may rely on one connection's output leaving before another's,
        // a Redis UNSUBSCRIBE before a PUBLISH). Connections written to meanwhile (by a drain handler) go out in the
        // next round.
        while !dirty.isEmpty {
            swap(&dirty, &flushing)
            // Reversed through a buffer pointer, which Array's generic `reverse` is not specialized into.
            if flushing.count > 1 { flushing.withUnsafeMutableBufferPointer { $0.reverse() } }
            while let entry = flushing.popLast() {
                entry._withUnsafeGuaranteedRef { connection in
                    connection.isDirty = false
                    if connection.state != .closed, connection.state != .connecting { flush(connection) }
                }
            }
        }
    }

    func flush(_ connection: Connection) {
        let result = connection.queue.flush(fd: connection.fd, pool: &pool)
        connection.didSend()
        switch result {
        case .drained:
            if connection.state == .flushingThenClose { return finishFlushing(connection) }
            if connection.releasesBufferWhenSent {
                connection.releasesBufferWhenSent = false
                connection.queue.releaseIdleBuffer(pool: &pool)
            }
            if connection.readPaused { connection.readPaused = false }
            if connection.notifyWhenDrained {
                connection.notifyWhenDrained = false
                connection.handler?.connectionDidDrain(connection)
                if connection.state == .closed { return }
            }
        case .partial:
            if connection.closeIfOverBudget() { return }
            if connection.queue.byteCount > connection.readPauseThreshold { connection.readPaused = true }
        case .failed(let code):
            if code != EPIPE && code != ECONNRESET {
                logger.debug(
                    "write to \(connection.peer?.description ?? "?"): \(IOError(errnoCode: code, function: "writev"))")
            }
            return close(connection)
        }
        updateInterest(connection)
    }

    /// Output is out: shut down our side and linger for the peer's close (RFC 9112 §9.6 "lingering close").
    func finishFlushing(_ connection: Connection) {
        Glibc.shutdown(connection.fd, Int32(SHUT_WR))
        connection.state = .lingering
        connection.readPaused = false
        updateInterest(connection)
    }

    // MARK: - Closing

    func close(_ connection: Connection) {
        guard connection.state != .closed else { return }
        connection.state = .closed
        connection.queue.discard(pool: &pool)
        connection.didSend()
        epoll_ctl(epollFD, EPOLL_CTL_DEL, connection.fd, nil)
        Glibc.close(connection.fd)
        if Int(connection.fd) < connections.count, let entry = connections[Int(connection.fd)],
            entry.toOpaque() == Unmanaged.passUnretained(connection).toOpaque()
        {
            connections[Int(connection.fd)] = nil
            graveyard.append(entry.takeRetainedValue())
        }
        openConnections.subtract(1, ordering: .relaxed)
        let handler = connection.handler
        connection.handler = nil
        handler?.connectionDidClose(connection)
        checkShutdownCompleteAfterClose()
    }

    func closeEverything() {
        for case let entry? in connections { close(entry.takeUnretainedValue()) }
        for fd in Array(listeners.keys) { removeListener(fd: fd) }
    }

    // MARK: - Listening

    /// Starts accepting on `fd` (a listening socket this loop now owns).
    package func addListener(fd: Int32, onAccept: @escaping (Int32, SocketAddress?) -> Void) throws(IOError) {
        try register(fd: fd, tag: UInt64(UInt32(bitPattern: fd)), events: EPOLLIN.rawValue)
        listeners[fd] = Listener(fd: fd, onAccept: onAccept)
    }

    /// Stops accepting and closes the listening socket.
    package func removeListener(fd: Int32) {
        guard listeners.removeValue(forKey: fd) != nil else { return }
        epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        Glibc.close(fd)
    }

    func acceptAll(_ listener: Listener) {
        // Bounded so one flood of connects cannot starve the connections already open.
        for _ in 0..<256 {
            do {
                guard let (fd, peer) = try Socket.accept(listener.fd) else { return }
                listener.onAccept(fd, peer)
            } catch {
                switch error.errnoCode {
                case ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: stop listening for a moment instead of spinning on a ready socket.
                    logger.error("accept: \(error); pausing accepts for 100 ms")
                    pauseListener(listener)
                    return
                default:
                    logger.error("accept: \(error)")
                    return
                }
            }
        }
    }

    private func pauseListener(_ listener: Listener) {
        epoll_ctl(epollFD, EPOLL_CTL_DEL, listener.fd, nil)
        scheduleTimer(after: .milliseconds(100)) { [weak self, listener] in
            guard let self, listeners[listener.fd] === listener else { return }
            try? register(fd: listener.fd, tag: UInt64(UInt32(bitPattern: listener.fd)), events: EPOLLIN.rawValue)
        }
    }
}

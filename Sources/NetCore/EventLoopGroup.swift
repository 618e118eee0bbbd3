import CLinux
import Glibc
import Support
import Synchronization

/// A fixed set of event loops, each on its own thread, plus the listening sockets that feed them.
///
/// One loop accepts; new connections are dealt round-robin over all loops, each then staying on its loop for
/// its whole life, so no connection state is ever shared between threads.
package final class EventLoopGroup: Sendable {
    package let loops: [EventLoop]
    private let threads: Mutex<[NativeThread]>
    private let nextLoop = Atomic<Int>(0)
    private let logger: Logger

    /// Bounds queued output over every loop of the group.
    package let outputBudget: OutputBudget

    /// Creates `threadCount` loops and starts their threads.
    package init(
        threadCount: Int, logger: Logger = Logger(label: "net"), outputBudget: OutputBudget = OutputBudget()
    ) throws(IOError) {
        precondition(threadCount > 0, "an event loop group needs at least one thread")
        self.outputBudget = outputBudget
        var loops: [EventLoop] = []
        for index in 0..<threadCount {
            loops.append(try EventLoop(index: index, logger: logger, outputBudget: outputBudget))
        }
        self.loops = loops
        self.logger = logger
        var threads: [NativeThread] = []
        for loop in loops {
            threads.append(NativeThread(name: "wq-io-\(loop.index)") { loop.run() })
        }
        self.threads = Mutex(threads)
    }

    /// The loop the next connection goes to.
    package func next() -> EventLoop {
        loops[nextLoop.add(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Open connections over all loops.
    package var connectionCount: Int { loops.reduce(0) { $0 + $1.connectionCount } }

    /// Binds, listens and starts accepting; each accepted socket gets the handler `makeHandler` builds on the
    /// connection's own loop thread. Returns the bound address (the real port when `address` asked for 0).
    @discardableResult
    package func listen(
        on address: SocketAddress, makeHandler: @escaping @Sendable (Connection) -> any ConnectionHandler
    ) throws(IOError) -> SocketAddress {
        let fd = try Socket.listen(on: address)
        let bound = address.family == AF_UNIX ? address : (Socket.localAddress(fd) ?? address)
        let acceptor = loops[0]
        let isTCP = address.family != AF_UNIX
        acceptor.execute { [self] in
            do {
                try acceptor.addListener(fd: fd) { [self] socket, peer in
                    if isTCP { Socket.setNoDelay(socket) }
                    let target = next()
                    if target === acceptor {
                        target.adopt(fd: socket, peer: peer, makeHandler: makeHandler)
                    } else {
                        target.execute { target.adopt(fd: socket, peer: peer, makeHandler: makeHandler) }
                    }
                }
            } catch {
                logger.error("cannot accept on \(bound): \(error)")
                Glibc.close(fd)
            }
        }
        return bound
    }

    /// Stops accepting, asks every connection to close politely, and returns once every loop has finished
    /// (all connections closed) or `timeout` has passed, after which stragglers are cut off.
    package func shutdownGracefully(timeout: Duration = .seconds(4)) {
        let deadline = MonotonicClock.now() + timeout
        for loop in loops {
            loop.execute { loop.beginGracefulShutdown(deadline: deadline) }
        }
        join()
    }

    /// Stops every loop at once, closing all connections without ceremony, and waits for the threads.
    package func stop() {
        for loop in loops {
            loop.execute { loop.stop() }
        }
        join()
    }

    private func join() {
        let started = threads.withLock { threads -> [NativeThread] in
            let taken = threads
            threads.removeAll()
            return taken
        }
        for thread in started { thread.join() }
    }
}

/// SIGINT/SIGTERM delivered as a readable eventfd instead of an asynchronous handler: the process waits for it
/// on an ordinary thread and starts a graceful shutdown from there.
package final class ShutdownSignal: Sendable {
    private let fd: Int32

    package init() throws(IOError) {
        fd = try syscall("eventfd") { eventfd(0, Int32(EFD_CLOEXEC)) }
        wq_install_shutdown_signals(fd)
    }

    /// Blocks until a signal arrives (or ``trigger()`` is called). Returns the signal number, or 0 if triggered.
    @discardableResult
    package func wait() -> Int32 {
        var value: UInt64 = 0
        while Glibc.read(fd, &value, 8) < 0 && errno == EINTR {}
        return wq_last_shutdown_signal()
    }

    /// Wakes ``wait()`` as a signal would (for an admin-initiated shutdown).
    package func trigger() {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }
}

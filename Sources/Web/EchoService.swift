import HTTP
import NetCore
import Support
import Synchronization
import WebSocket

/// A WebSocket echo server on the production stack: for Autobahn|Testsuite and raw throughput benchmarks.
///
/// In broadcast mode every message goes to every connected client (the sender included), which is the
/// fan-out pattern a game server spends its time on. Each message is encoded once; loops exchange batches of
/// encoded frames through a mutex-guarded inbox per loop, one wake-up per batch.
package final class EchoService: WebSocketService {
    package enum Mode: Sendable {
        case echo
        case broadcast
    }

    private final class Client: WebSocketDelegate {
        let service: EchoService
        let greeting: String?

        init(service: EchoService, greeting: String?) {
            self.service = service
            self.greeting = greeting
        }

        func webSocketDidOpen(_ socket: WebSocketConnection) {
            if let greeting { socket.send(text: greeting) }
            if service.mode == .broadcast {
                service.members.withValue(on: socket.connection.loop) { $0[ObjectIdentifier(socket)] = socket }
            }
        }

        func webSocket(
            _ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer
        ) {
            switch service.mode {
            case .echo: socket.send(opcode, payload)
            case .broadcast: service.broadcast(opcode, payload, from: socket.connection.loop)
            }
        }

        func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
            if service.mode == .broadcast {
                service.members.withValue(on: socket.connection.loop) { $0[ObjectIdentifier(socket)] = nil }
            }
        }
    }

    /// Encoded frames waiting for one loop, and whether a task to deliver them is already queued.
    private struct Inbox {
        var frames: [UInt8] = []
        var scheduled = false
    }

    private final class LockedInbox: Sendable {
        let state = Mutex(Inbox())
    }

    package let mode: Mode
    private let greeting: String?
    private let members: LoopLocal<[ObjectIdentifier: WebSocketConnection]>
    private let inboxes: [LockedInbox]
    private let loops: [EventLoop]

    /// - Parameters:
    ///   - mode: echo each message to its sender, or broadcast it to every client.
    ///   - group: the loops whose clients a broadcast reaches.
    ///   - greeting: text sent to each client right after the handshake (`serve` sends BrowserQuest's `go`).
    package init(mode: Mode, group: EventLoopGroup, greeting: String? = nil) {
        self.mode = mode
        self.greeting = greeting
        self.loops = group.loops
        members = LoopLocal(loopCount: group.loops.count) { [:] }
        inboxes = group.loops.map { _ in LockedInbox() }
    }

    package func makeDelegate(for socket: WebSocketConnection, request: HTTPRequestHead) -> any WebSocketDelegate {
        Client(service: self, greeting: greeting)
    }

    private func broadcast(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer, from loop: EventLoop) {
        var frame: [UInt8] = []
        frame.reserveCapacity(payload.count + 10)
        FrameEncoder.writeFrame(fin: true, opcode: opcode, payload: payload, maskingKey: nil, into: &frame)
        deliver(frame, on: loop)
        for other in loops where other !== loop {
            let needsWake = inboxes[other.index].state.withLock { inbox -> Bool in
                inbox.frames.append(contentsOf: frame)
                defer { inbox.scheduled = true }
                return !inbox.scheduled
            }
            if needsWake {
                other.execute { [self] in
                    let frames = inboxes[other.index].state.withLock { inbox -> [UInt8] in
                        inbox.scheduled = false
                        defer { inbox.frames = [] }
                        return inbox.frames
                    }
                    deliver(frames, on: other)
                }
            }
        }
    }

    private func deliver(_ frames: [UInt8], on loop: EventLoop) {
        for socket in members[loop].values { socket.sendEncodedFrame(frames) }
    }
}

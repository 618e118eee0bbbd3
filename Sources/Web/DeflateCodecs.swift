import NetCore
import Synchronization
import WebSocket

/// One ``PerMessageDeflateCodec`` per event loop, for every WebSocket connection (server or client) on it.
///
/// Looked up once per connection, when its handshake completes; the codec is then used only on that loop's thread.
enum DeflateCodecs {
    /// `@unchecked Sendable`: no lock; the codec inside is confined to the one loop thread it was made for (the
    /// registry hands it out only on that thread, checked in debug builds). `registry`'s Mutex guards the lookup.
    private final class Slot: @unchecked Sendable {
        let codec = PerMessageDeflateCodec()
    }

    /// Keyed by loop identity: loops of different groups (a server and bots in one process) have equal indexes.
    private static let registry = Mutex<[ObjectIdentifier: Slot]>([:])

    /// The codec of `loop`; call on that loop's thread.
    static func codec(for loop: EventLoop) -> PerMessageDeflateCodec {
        assert(loop.inLoop, "a loop's deflate codec is used on its own thread only")
        return registry.withLock { slots in
            if let slot = slots[ObjectIdentifier(loop)] { return slot.codec }
            let slot = Slot()
            slots[ObjectIdentifier(loop)] = slot
            return slot.codec
        }
    }
}

import Synchronization

/// A mutex-guarded queue between threads that also remembers whether the consumer has already been woken, so a
/// producer posting many items per tick wakes its consumer once.
final class Mailbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var wakePending = false
    }

    private let state = Mutex(State())

    /// Appends `items`; returns true when the caller must wake the consumer (nobody has yet).
    func post(contentsOf items: some Sequence<Item>) -> Bool {
        state.withLock { state in
            state.items.append(contentsOf: items)
            defer { state.wakePending = true }
            return !state.wakePending
        }
    }

    /// Appends one item; returns true when the caller must wake the consumer.
    func post(_ item: Item) -> Bool {
        state.withLock { state in
            state.items.append(item)
            defer { state.wakePending = true }
            return !state.wakePending
        }
    }

    /// Takes everything queued (the consumer side) and re-arms the wake-up.
    func takeAll(into buffer: inout [Item]) {
        state.withLock { state in
            swap(&buffer, &state.items)
            state.wakePending = false
        }
    }
}

import Support

/// One-shot timers ordered by deadline (a binary min-heap), confined to one loop.
///
/// Cancelling removes the action at once; its heap entry is skipped when it surfaces.
struct TimerHeap {
    private struct Entry {
        var deadline: MonotonicClock.Instant
        var id: UInt64
    }

    private var heap: [Entry] = []
    private var actions: [UInt64: () -> Void] = [:]
    private var nextID: UInt64 = 1
    /// Whether the top entry is known to be live: the loop asks for the earliest deadline every iteration, and a
    /// dictionary lookup each time would cost more than the rest of an idle iteration.
    private var topIsLive = false

    var earliestDeadline: MonotonicClock.Instant? {
        mutating get {
            if !topIsLive {
                dropCancelled()
                topIsLive = true
            }
            return heap.first?.deadline
        }
    }

    var count: Int { actions.count }

    mutating func schedule(at deadline: MonotonicClock.Instant, _ action: @escaping () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        actions[id] = action
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        topIsLive = false
        return id
    }

    mutating func cancel(_ id: UInt64) {
        actions[id] = nil
        topIsLive = false
    }

    /// Removes and returns the action of the earliest timer due at `now`, if any.
    mutating func popDue(now: MonotonicClock.Instant) -> (() -> Void)? {
        while let first = heap.first, first.deadline <= now {
            removeFirst()
            if let action = actions.removeValue(forKey: first.id) { return action }
        }
        return nil
    }

    private mutating func dropCancelled() {
        while let first = heap.first, actions[first.id] == nil { removeFirst() }
    }

    private mutating func removeFirst() {
        topIsLive = false
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            let smaller = right < heap.count && heap[right].deadline < heap[left].deadline ? right : left
            guard heap[smaller].deadline < heap[parent].deadline else { return }
            heap.swapAt(smaller, parent)
            parent = smaller
        }
    }
}

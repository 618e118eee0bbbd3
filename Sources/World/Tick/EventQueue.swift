/// Something the world must do at a later tick.
enum ScheduledEvent: Sendable {
    case respawnMob(Int)
    case respawnItem(Entity)
    case blinkItem(Int)
    case destroyItem(Int)
    case costumeEnds(player: Int)
}

/// Events ordered by tick, then by scheduling order, so the world replays identically.
struct EventQueue {
    private var heap: [(tick: UInt64, order: UInt64, event: ScheduledEvent)] = []
    private var counter: UInt64 = 0

    var count: Int { heap.count }

    mutating func schedule(_ event: ScheduledEvent, at tick: UInt64) {
        counter += 1
        heap.append((tick, counter, event))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The next event due at or before `tick`, removed from the queue.
    mutating func popDue(_ tick: UInt64) -> ScheduledEvent? {
        guard let first = heap.first, first.tick <= tick else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, before(left, smallest) { smallest = left }
                if right < heap.count, before(right, smallest) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first.event
    }

    private func before(_ a: Int, _ b: Int) -> Bool {
        heap[a].tick != heap[b].tick ? heap[a].tick < heap[b].tick : heap[a].order < heap[b].order
    }
}

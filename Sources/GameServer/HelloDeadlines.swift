import Support

/// The connections of one loop that have not said HELLO yet (their `Greeter`s), oldest first: when each must have
/// said it.
///
/// Every connection gets the same time to say HELLO, so their deadlines fall in the order they arrived, and a queue
/// with one timer per loop does what a timer per connection did: an idle connection costs an entry here (16 bytes)
/// instead of a timer-heap entry and a closure (about 130). An entry stays until its deadline even when its connection
/// said HELLO or closed; only one still waiting is closed then.
package struct HelloDeadlines<Waiting> {
    private var entries: [(waiting: Waiting, deadline: MonotonicClock.Instant)] = []
    private var head = 0
    /// Whether a timer is set for the oldest entry's deadline.
    private var timerSet = false

    package init() {}

    package var count: Int { entries.count - head }

    /// Adds a connection; returns true when no timer is set, so the caller sets one for `deadline`.
    package mutating func append(_ waiting: Waiting, deadline: MonotonicClock.Instant) -> Bool {
        entries.append((waiting, deadline))
        if timerSet { return false }
        timerSet = true
        return true
    }

    /// The oldest connection whose deadline is not after `now`, taken out of the queue; nil when there is none.
    package mutating func popDue(now: MonotonicClock.Instant) -> Waiting? {
        guard head < entries.count, entries[head].deadline <= now else { return nil }
        let waiting = entries[head].waiting
        head += 1
        if head == entries.count {
            entries.removeAll(keepingCapacity: entries.capacity <= 1024)
            head = 0
        } else if head >= 256 && head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return waiting
    }

    /// After the due connections were taken: the deadline to set the timer for, or nil (no timer) when none is left.
    package mutating func nextTimer() -> MonotonicClock.Instant? {
        timerSet = head < entries.count
        return timerSet ? entries[head].deadline : nil
    }
}

import Glibc

/// Wakes one thread that sleeps until there is work or a deadline passes: a condition variable on the monotonic
/// clock with a pending flag, so a wake-up sent before the sleeper waits is not lost.
///
/// For threads that own a queue and nothing else to wait on (the storage thread); I/O loops wait in epoll instead.
package final class WakeSignal: @unchecked Sendable {  // every field is read and written under `mutex`
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending = false

    package init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Wakes the sleeper, or makes its next ``wait(until:)`` return at once.
    package func signal() {
        pthread_mutex_lock(mutex)
        pending = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Sleeps until signalled or until `deadline` (nil: no deadline). Returns true when signalled.
    @discardableResult
    package func wait(until deadline: MonotonicClock.Instant?) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !pending {
            if let deadline {
                var spec = deadline.posixTimespec
                if pthread_cond_timedwait(condition, mutex, &spec) == ETIMEDOUT { break }
            } else {
                pthread_cond_wait(condition, mutex)
            }
        }
        defer { pending = false }
        return pending
    }
}

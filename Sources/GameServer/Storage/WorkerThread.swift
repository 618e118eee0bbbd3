import NetCore
import Support
import Synchronization

/// A thread that runs the closures posted to it, one at a time, in order: slow work (a password hash) kept off the
/// I/O loops, the world threads and the storage thread.
final class WorkerThread: Sendable {
    private let jobs = Mailbox<Job>()
    private let wake = WakeSignal()
    private let thread: Mutex<NativeThread?> = Mutex(nil)

    private enum Job: Sendable {
        case run(@Sendable () -> Void)
        case stop
    }

    init(name: String) {
        let thread = NativeThread(name: name) { [self] in run() }
        self.thread.withLock { $0 = thread }
    }

    /// Queues `work` (any thread).
    func post(_ work: @escaping @Sendable () -> Void) {
        if jobs.post(.run(work)) { wake.signal() }
    }

    /// Runs what is queued, then ends the thread and waits for it.
    func stop() {
        if jobs.post(.stop) { wake.signal() }
        let thread = self.thread.withLock { thread -> NativeThread? in
            defer { thread = nil }
            return thread
        }
        thread?.join()
    }

    private func run() {
        var batch: [Job] = []
        while true {
            wake.wait(until: nil)
            jobs.takeAll(into: &batch)
            for job in batch {
                switch job {
                case .run(let work): work()
                case .stop: return
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}

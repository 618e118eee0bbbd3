import CLinux
import Glibc

/// A joinable POSIX thread running a closure. NetCore's threads are few and long-lived (one per loop), so a
/// plain pthread is all that is needed; Foundation's Thread would pull Foundation into the I/O layer.
package struct NativeThread: @unchecked Sendable {  // pthread_t is an integer handle; join happens once.
    private let handle: pthread_t

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread named `name` (at most 15 bytes show in `top -H`).
    package init(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(
            Box {
                wq_set_thread_name(name)
                body()
            }
        ).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(
            &handle, nil,
            { argument in
                let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        self.handle = handle
    }

    /// Waits for the thread to finish.
    package func join() {
        pthread_join(handle, nil)
    }
}

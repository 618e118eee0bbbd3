/// One value per loop of a group, each touched only by its own loop's thread.
///
/// `@unchecked Sendable`: no lock; safety comes from confinement: slot `i` is read and written only on the thread
/// running loop `i`, which the accessor checks in debug builds.
package final class LoopLocal<Value>: @unchecked Sendable {
    private var values: [Value]

    package init(loopCount: Int, _ make: () -> Value) {
        values = (0..<loopCount).map { _ in make() }
    }

    /// The value of the loop this is called on.
    package subscript(loop: EventLoop) -> Value {
        get {
            assert(loop.inLoop, "LoopLocal accessed off its loop thread")
            return values[loop.index]
        }
        set {
            assert(loop.inLoop, "LoopLocal accessed off its loop thread")
            values[loop.index] = newValue
        }
    }

    /// Mutates the value of the loop this is called on, in place.
    package func withValue<R>(on loop: EventLoop, _ body: (inout Value) throws -> R) rethrows -> R {
        assert(loop.inLoop, "LoopLocal accessed off its loop thread")
        return try body(&values[loop.index])
    }
}

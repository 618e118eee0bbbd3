import Glibc
import Support

/// What a run measured, and the figures derived from it per player and per message.
struct BenchResult {
    var players: Int
    var spread: String
    var flushInterval: Int
    var seconds: Int
    var ticks: Int
    /// CPU time of the stepping thread inside `World.step`, over the measured ticks.
    var stepCPUNanoseconds: UInt64 = 0
    var messages = 0
    var frames = 0
    var bytes = 0
    var saves = 0
    /// Heap the world grew by from before the players entered to the end of the run (nil: not measurable here).
    var heapBytes: Int?

    var playerSeconds: Double { Double(players) * Double(seconds) }
    var cpuSecondsPerPlayerSecond: Double { Double(stepCPUNanoseconds) / 1e9 / playerSeconds }
    var messagesPerPlayerSecond: Double { Double(messages) / playerSeconds }
    var nanosecondsPerMessage: Double { messages == 0 ? 0 : Double(stepCPUNanoseconds) / Double(messages) }
    var framesPerPlayerSecond: Double { Double(frames) / playerSeconds }
    var bytesPerPlayerSecond: Double { Double(bytes) / playerSeconds }
    var heapBytesPerPlayer: Double? { heapBytes.map { Double($0) / Double(players) } }
    var stepNanosecondsPerPlayerTick: Double { Double(stepCPUNanoseconds) / Double(players) / Double(ticks) }

    var json: JSONValue {
        .object([
            "players": .integer(players), "spread": .string(spread), "flushInterval": .integer(flushInterval),
            "seconds": .integer(seconds), "ticks": .integer(ticks),
            "stepCPUSeconds": .number(Double(stepCPUNanoseconds) / 1e9),
            "cpuSecondsPerPlayerSecond": .number(cpuSecondsPerPlayerSecond),
            "messagesPerPlayerSecond": .number(messagesPerPlayerSecond),
            "nanosecondsPerMessage": .number(nanosecondsPerMessage),
            "framesPerPlayerSecond": .number(framesPerPlayerSecond),
            "bytesPerPlayerSecond": .number(bytesPerPlayerSecond),
            "heapBytesPerPlayer": heapBytesPerPlayer.map(JSONValue.number) ?? .null,
            "savesPerSecond": .number(Double(saves) / Double(seconds)),
        ])
    }
}

/// CPU time this thread has used, in nanoseconds: unlike wall time, it does not count what other processes on a
/// shared machine take from the benchmark.
func threadCPUNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Bytes of the heap in use: glibc's `mallinfo2()` (allocated chunks, `uordblks`, plus mmapped ones, `hblkhd`).
///
/// Swift's Glibc module does not import `<malloc.h>`, so the function is looked up by name. It returns a struct of
/// ten `size_t`s, which the x86-64 System V ABI passes back through a hidden pointer in the first argument register:
/// calling it as a function of one pointer argument is the same call. Elsewhere this returns nil.
func heapInUse() -> Int? {
    #if arch(x86_64)
    typealias MallInfo2 = @convention(c) (UnsafeMutablePointer<Int>) -> Void
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallinfo2") else { return nil }
    let mallinfo2 = unsafeBitCast(symbol, to: MallInfo2.self)
    var fields = [Int](repeating: 0, count: 10)
    fields.withUnsafeMutableBufferPointer { mallinfo2($0.baseAddress!) }
    // arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost
    return fields[7] + fields[4]
    #else
    return nil
    #endif
}

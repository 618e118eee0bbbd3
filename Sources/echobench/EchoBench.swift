import Glibc
import NetCore
import Support
import Synchronization
import Web
import WebSocket

/// `echobench`: round trips per second through a WebSocket echo server (`wirequest echo`), from N connections on
/// one event loop, each with a fixed number of messages in flight. What the transport costs per message, without a
/// game on top. Usage:
///
///     echobench [--url ws://127.0.0.1:9001/] [--connections 100] [--size 64] [--in-flight 1] [--seconds 10]
///               [--messages N]
///
/// With `--messages`, each connection makes exactly N round trips and the run ends when all are done (or after
/// `--seconds`): the exact count lets a profiler of the server divide its instructions by messages echoed.
@main
enum EchoBench {
    static func main() throws {
        let spec = CommandSpec(
            name: "echobench", abstract: "Measure round trips per second through a WebSocket echo server.",
            options: [
                OptionSpec("url", value: "ws-url", default: "ws://127.0.0.1:9001/", help: "The echo server."),
                OptionSpec("connections", value: "n", default: "100", help: "Connections, all on one event loop."),
                OptionSpec("size", value: "bytes", default: "64", help: "Text message size."),
                OptionSpec("in-flight", value: "n", default: "1", help: "Messages each connection keeps in flight."),
                OptionSpec("seconds", value: "s", default: "10", help: "Measured time, after a 2 s warm-up."),
                OptionSpec("deflate", help: "Offer permessage-deflate, as browsers do."),
                OptionSpec(
                    "messages", value: "n",
                    help: "Round trips per connection; then print the exact total and exit (--seconds is the limit)."),
            ])
        let arguments = spec.parseCommandLine()
        guard let url = WebSocketURL(arguments.string("url") ?? "ws://127.0.0.1:9001/") else {
            throw UsageError("--url must look like ws://host:port/path")
        }
        let connections = try arguments.int("connections", default: 100, range: 1...50_000)
        let size = try arguments.int("size", default: 64, range: 1...(1 << 20))
        let inFlight = try arguments.int("in-flight", default: 1, range: 1...1000)
        let seconds = try arguments.int("seconds", default: 10, range: 1...3600)
        let messages: Int? =
            arguments.string("messages") == nil
            ? nil : try arguments.int("messages", default: 1, range: 1...1_000_000_000)
        LoggingSystem.level = .warning
        _ = raiseOpenFileLimit()
        let group = try EventLoopGroup(threadCount: 1, logger: Logger(label: "echobench"))
        let loop = group.loops[0]
        let stats = SharedStats()
        var configuration = WebSocketConfiguration()
        configuration.pingInterval = .zero
        configuration.maxMessageSize = max(size * 2, 64 * 1024)
        configuration.permessageDeflate = arguments.flag("deflate")
        let clientConfiguration = configuration
        let payload = [UInt8]((0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) })
        loop.execute {
            for _ in 0..<connections {
                let client = Client(payload: payload, inFlight: inFlight, limit: messages ?? .max, stats: stats)
                _ = try? WebSocketClient.connect(
                    to: url, on: loop, configuration: clientConfiguration, delegate: client)
            }
        }
        if let messages {
            return runCounted(
                group: group, stats: stats, connections: connections, messages: messages, seconds: seconds)
        }
        usleep(2_000_000)
        let before = stats.withLock { snapshot in
            let taken = snapshot
            snapshot.latencies.removeAll(keepingCapacity: true)
            return taken
        }
        let cpuBefore = ProcessStatistics.current()?.cpuSeconds ?? 0
        let started = MonotonicClock.now()
        usleep(UInt32(seconds) * 1_000_000)
        let after = stats.withLock { $0 }
        let elapsed = (MonotonicClock.now() - started).inSeconds
        let cpu = (ProcessStatistics.current()?.cpuSeconds ?? 0) - cpuBefore
        group.stop()
        let trips = Double(after.roundTrips - before.roundTrips)
        let sorted = after.latencies.sorted()
        func quantile(_ q: Double) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]) / 1000
        }
        print(
            "echobench: \(after.open) of \(connections) connections open, \(after.failed) failed; "
                + "\(Int(trips / elapsed)) round trips/s of \(size) B, in flight \(inFlight) each; "
                + "RTT p50 \(quantile(0.5)) ms, p99 \(quantile(0.99)) ms; client CPU \(Int(cpu / elapsed * 100)) %")
    }

    /// Waits until every connection made its `messages` round trips (or failed, or `seconds` passed), then prints
    /// the exact number of messages echoed.
    static func runCounted(group: EventLoopGroup, stats: SharedStats, connections: Int, messages: Int, seconds: Int) {
        let started = MonotonicClock.now()
        var last = stats.withLock { $0 }
        while last.finished + last.failed < connections, (MonotonicClock.now() - started).inSeconds < Double(seconds) {
            usleep(10_000)
            last = stats.withLock { $0 }
        }
        let elapsed = (MonotonicClock.now() - started).inSeconds
        group.stop()
        print(
            "echobench: \(last.finished) of \(connections) connections finished, \(last.failed) failed; "
                + "messages \(last.roundTrips) in \(Int(elapsed * 1000)) ms")
    }
}

/// The loop thread counts, the main thread reads.
final class SharedStats: Sendable {
    private let state = Mutex(Stats())

    func withLock<R>(_ body: (inout Stats) -> R) -> R { state.withLock { body(&$0) } }
}

struct Stats {
    var open = 0
    var failed = 0
    var roundTrips = 0
    /// Connections that made all their round trips (with `--messages`).
    var finished = 0
    /// Round-trip times in microseconds, of every 16th trip.
    var latencies: [Int] = []
}

/// One connection: keeps `inFlight` messages out and sends another for each echo.
final class Client: WebSocketDelegate {
    let payload: [UInt8]
    let inFlight: Int
    /// Round trips to make; `.max` for as many as the run lasts.
    let limit: Int
    let stats: SharedStats
    private var sent: [MonotonicClock.Instant] = []
    private var next = 0
    private var count = 0
    private var sentCount = 0

    init(payload: [UInt8], inFlight: Int, limit: Int, stats: SharedStats) {
        self.payload = payload
        self.inFlight = inFlight
        self.limit = limit
        self.stats = stats
    }

    func webSocketDidOpen(_ socket: WebSocketConnection) {
        stats.withLock { $0.open += 1 }
        for _ in 0..<inFlight { send(socket) }
    }

    private func send(_ socket: WebSocketConnection) {
        guard sentCount < limit else { return }
        sentCount += 1
        sent.append(MonotonicClock.now())
        socket.send(.text, payload)
    }

    func webSocket(_ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        let start = sent[next]
        next += 1
        if next > 1024 {
            sent.removeFirst(next)
            next = 0
        }
        count += 1
        let sample = count % 16 == 0 ? Int((MonotonicClock.now() - start).inSeconds * 1_000_000) : nil
        let done = count == limit
        stats.withLock {
            $0.roundTrips += 1
            if let sample { $0.latencies.append(sample) }
            if done { $0.finished += 1 }
        }
        send(socket)
    }

    func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
        stats.withLock { $0.open -= 1 }
    }

    func webSocketDidFail(reason: String) {
        stats.withLock { $0.failed += 1 }
    }
}

import GameMap
import GameProtocol
import Glibc
import NetCore
import Support
import Synchronization
import Web

/// N bots in one process on one event loop group (not a thread per bot), ramped up, run for a while, reported.
package final class Swarm: Sendable {
    package struct Configuration: Sendable {
        package var url = WebSocketURL(host: "127.0.0.1", port: 8000, path: "/")
        package var count = 100
        package var durationSeconds = 60
        /// New connections per second.
        package var ramp = 50
        package var behavior = BotBehavior.mixed
        package var seed: UInt64 = 1
        package var mapPath = "Maps/world.tmj"
        package var jsonPath: String?
        package var threads = 1
        /// Seconds after the last bot is launched before the steady phase, whose latency the summary also reports.
        package var warmupSeconds = 5
        /// Bots are named this and their index (`bot0`, `bot1`…); with the seed it also makes their tokens.
        package var namePrefix = "bot"
        /// Appends, four times a second, one JSON line of each bot's progress (``BotProgress``) with the wall-clock
        /// time.
        package var progressPath: String?
        /// Offer permessage-deflate (RFC 7692), as browsers do, to measure what compression saves and costs.
        package var deflate = false

        package init() {}
    }

    package let configuration: Configuration
    let url: WebSocketURL
    let map: TileMap
    let pathfinder = Pathfinder(maxExpanded: 2000, maxLength: 60)
    let statistics = BotStatistics()
    let webSocketConfiguration: WebSocketConfiguration
    private let group: EventLoopGroup
    private let bots: LoopLocal<[Bot]>
    private let running = Atomic<Bool>(true)

    package init(configuration: Configuration) throws {
        self.configuration = configuration
        url = configuration.url
        map = try TileMap.load(path: configuration.mapPath)
        // Each bot is a socket: a default soft limit of 1,024 would fail a 2,000-bot run with EMFILE.
        let fileLimit = raiseOpenFileLimit()
        if UInt64(configuration.count) + 64 > fileLimit {
            printToStandardError(
                "warning: \(configuration.count) bots need more open files than the limit of \(fileLimit); "
                    + "raise it (ulimit -Hn) or some bots will fail to connect")
        }
        var webSocket = WebSocketConfiguration()
        webSocket.pingInterval = .zero
        webSocket.permessageDeflate = configuration.deflate
        webSocketConfiguration = webSocket
        group = try EventLoopGroup(threadCount: configuration.threads, logger: Logger(label: "bots"))
        bots = LoopLocal(loopCount: configuration.threads) { [] }
    }

    var isRunning: Bool { running.load(ordering: .relaxed) }

    func loop(for index: Int) -> EventLoop? { group.loops[index % group.loops.count] }

    /// Ramps up, runs for the configured duration with a progress line, then prints and returns the summary.
    @discardableResult
    package func run() -> String {
        let started = MonotonicClock.now()
        let interval = Duration.seconds(1) / max(1, configuration.ramp)
        let end = started + .seconds(configuration.durationSeconds)
        var launched = 0
        var nextReport = started + .seconds(1)
        var nextProgress = started
        var previous = statistics.snapshot
        var allLatencies: [Int] = []
        // Latencies from once every bot is launched and has had the warm-up to settle: what a capacity step reports.
        var steadyLatencies: [Int] = []
        var steadyFrom: MonotonicClock.Instant?
        var steadyStart = BotStatistics.Snapshot()
        var peakConnected = 0
        let interactive = isatty(1) != 0
        while MonotonicClock.now() < end {
            let now = MonotonicClock.now()
            while launched < configuration.count, started + interval * launched <= now {
                launch(launched)
                launched += 1
            }
            if let path = configuration.progressPath, now >= nextProgress {
                appendProgress(statistics.snapshot.progress, to: path)
                nextProgress = now + .milliseconds(250)
            }
            if now >= nextReport {
                let current = statistics.snapshot
                let latencies = statistics.drainLatencies()
                allLatencies += latencies
                if steadyFrom != nil { steadyLatencies += latencies }
                peakConnected = max(peakConnected, current.connected)
                let line =
                    "\(current.connected)/\(configuration.count) connected, "
                    + "in \(current.messagesIn - previous.messagesIn)/s, out \(current.messagesOut - previous.messagesOut)/s, "
                    + "latency p50 \(ms(percentile(latencies, 0.5))) p99 \(ms(percentile(latencies, 0.99))), "
                    + "errors \(current.errors), disconnects \(current.disconnects), corrections \(current.corrections), "
                    + "reconnects \(current.reconnects)"
                if interactive {
                    printRaw("\r\u{1B}[K" + line)
                } else if (now - started).wholeSeconds % 5 == 0 {
                    print(line)
                }
                previous = current
                nextReport += .seconds(1)
            }
            if steadyFrom == nil, launched == configuration.count,
                now >= started + interval * launched + .seconds(configuration.warmupSeconds)
            {
                steadyFrom = now
                steadyStart = statistics.snapshot
                steadyLatencies = statistics.drainLatencies()
                allLatencies += steadyLatencies
                steadyLatencies.removeAll()
            }
            usleep(20_000)
        }
        if interactive { printRaw("\n") }
        running.store(false, ordering: .relaxed)
        let final = statistics.snapshot
        if let path = configuration.progressPath { appendProgress(final.progress, to: path) }
        let last = statistics.drainLatencies()
        allLatencies += last
        if steadyFrom != nil { steadyLatencies += last }
        group.stop()
        let seconds = Double(configuration.durationSeconds)
        let steadySeconds = steadyFrom.map { (MonotonicClock.now() - $0).inSeconds } ?? 0
        let steadyIn = final.messagesIn - steadyStart.messagesIn
        let steadyLine =
            steadyFrom == nil
            ? "not reached (the run ended during the ramp or the \(configuration.warmupSeconds) s warm-up)"
            : "\(Int(steadySeconds)) s: latency p50 \(ms(percentile(steadyLatencies, 0.5))), "
                + "p99 \(ms(percentile(steadyLatencies, 0.99))), n \(steadyLatencies.count); "
                + "in \(Int(Double(steadyIn) / max(steadySeconds, 0.001)))/s"
        let longestReconnect = final.longestReconnect.wholeNanoseconds / 1_000_000
        let summary = """
            bots             \(configuration.count) (\(configuration.behavior.rawValue)), peak connected \(max(peakConnected, final.connected))
            duration         \(configuration.durationSeconds) s
            messages in      \(final.messagesIn) (\(Int(Double(final.messagesIn) / seconds))/s), \(final.bytesIn) bytes
            messages out     \(final.messagesOut) (\(Int(Double(final.messagesOut) / seconds))/s)
            latency          p50 \(ms(percentile(allLatencies, 0.5))), p99 \(ms(percentile(allLatencies, 0.99))), n \(allLatencies.count)
            steady phase     \(steadyLine)
            kills / deaths   \(final.kills) / \(final.deaths)
            corrections      \(final.corrections) (moves the server put right)
            refusals         \(final.refusals) (closed with 1008 or 1013)
            errors           \(final.errors)
            disconnects      \(final.disconnects)
            reconnects       \(final.reconnects) (\(final.restartCloses) closes with 1012/1001), longest \(longestReconnect) ms
            kicked / notices \(final.kicked) / \(final.notices)
            """
        print(summary)
        if let path = configuration.jsonPath {
            let json: JSONValue = .object([
                "bots": .integer(configuration.count), "behavior": .string(configuration.behavior.rawValue),
                "durationSeconds": .integer(configuration.durationSeconds),
                "peakConnected": .integer(max(peakConnected, final.connected)),
                "connectedAtEnd": .integer(final.connected),
                "messagesIn": .integer(final.messagesIn), "messagesOut": .integer(final.messagesOut),
                "bytesIn": .integer(final.bytesIn),
                "latencyP50Microseconds": .integer(percentile(allLatencies, 0.5)),
                "latencyP99Microseconds": .integer(percentile(allLatencies, 0.99)),
                "latencySamples": .integer(allLatencies.count), "kills": .integer(final.kills),
                "steadySeconds": .number(steadySeconds),
                "steadyLatencyP50Microseconds": .integer(percentile(steadyLatencies, 0.5)),
                "steadyLatencyP99Microseconds": .integer(percentile(steadyLatencies, 0.99)),
                "steadyLatencySamples": .integer(steadyLatencies.count),
                "steadyMessagesIn": .integer(steadyIn),
                "deaths": .integer(final.deaths), "corrections": .integer(final.corrections),
                "refusals": .integer(final.refusals),
                "errors": .integer(final.errors), "disconnects": .integer(final.disconnects),
                "kicked": .integer(final.kicked), "notices": .integer(final.notices),
                "reconnects": .integer(final.reconnects), "restartCloses": .integer(final.restartCloses),
                "longestReconnectMilliseconds": .integer(Int(longestReconnect)),
            ])
            var bytes: [UInt8] = []
            JSONWriter.write(json, into: &bytes)
            bytes.append(UInt8(ascii: "\n"))
            do {
                try writeFile(bytes, to: path)
            } catch {
                printToStandardError("cannot write the summary: \(error)")
            }
        }
        return summary
    }

    private func launch(_ index: Int) {
        guard let loop = loop(for: index) else { return }
        let behavior = configuration.behavior
        let seed = configuration.seed
        loop.execute { [self] in
            let bot = Bot(index: index, swarm: self, behavior: behavior, seed: seed)
            bots.withValue(on: loop) { $0.append(bot) }
            bot.connect(on: loop)
        }
    }

    /// `{"t":1765000000.25,"bots":{"bot0":[1,3,57],…}}`: entered (0/1), kills, damage dealt, per bot.
    private func appendProgress(_ progress: [Int: BotProgress], to path: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var bots: [String: JSONValue] = [:]
        for (index, bot) in progress {
            bots["\(configuration.namePrefix)\(index)"] = .array([
                .integer(bot.entered ? 1 : 0), .integer(bot.kills), .integer(bot.damageDealt),
            ])
        }
        let line: JSONValue = .object([
            "t": .number(Double(now.tv_sec) + Double(now.tv_nsec) / 1e9), "bots": .object(bots),
        ])
        var bytes: [UInt8] = []
        JSONWriter.write(line, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return printToStandardError("cannot write progress to \(path)") }
        writeAll(fd, bytes)
        close(fd)
    }

    private func ms(_ microseconds: Int) -> String {
        "\(microseconds / 1000).\(microseconds % 1000 / 100) ms"
    }

    private func printRaw(_ text: String) {
        writeAll(1, Array(text.utf8))
    }
}

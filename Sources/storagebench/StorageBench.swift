import Glibc
import SQLiteStore
import Storage
import Support

/// `storagebench`: measures the SQLite store with many characters: the file's size per character, how long a
/// login's lookups take, and how many progress updates per second batched saves write. Usage:
///
///     storagebench [--characters 100000] [--directory /tmp] [--samples 10000] [--batch 1000] [--batches 20]
@main
enum StorageBench {
    /// The mob kinds kills are counted for (BrowserQuest's entity kinds for mobs).
    static let mobKinds = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]

    static func main() throws {
        let spec = CommandSpec(
            name: "storagebench", abstract: "Measure the SQLite store's size, lookup latency and save throughput.",
            options: [
                OptionSpec("characters", value: "n", default: "100000", help: "Characters to store."),
                OptionSpec(
                    "directory", value: "dir", default: "/tmp",
                    help: "Where to make the scratch directory for the database (removed afterwards)."),
                OptionSpec("samples", value: "n", default: "10000", help: "Lookups to time."),
                OptionSpec("batch", value: "n", default: "1000", help: "Updates per save."),
                OptionSpec("batches", value: "n", default: "20", help: "Saves to time per synchronous mode."),
                OptionSpec(
                    "pragma", value: "setting",
                    help: "An extra PRAGMA to run after opening (cache_size=-65536); may repeat. For experiments."),
                OptionSpec(
                    "page-size", value: "bytes",
                    help: "Create the file with this page size rather than SQLite's 4096. For experiments."),
                OptionSpec("keep", help: "Keep the database file and print its path."),
            ])
        let arguments = spec.parseCommandLine()
        let count = try arguments.int("characters", default: 100_000, range: 1...10_000_000)
        let samples = try arguments.int("samples", default: 10_000, range: 1...10_000_000)
        let batch = try arguments.int("batch", default: 1000, range: 1...1_000_000)
        let batches = try arguments.int("batches", default: 20, range: 1...10_000)
        LoggingSystem.level = .warning

        let parent = arguments.string("directory") ?? "/tmp"
        var template = Array((parent + "/storagebench-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            printToStandardError("storagebench: cannot make a directory in \(parent)")
            exit(ExitCode.failure.rawValue)
        }
        let directory = String(cString: made)
        let path = directory + "/bench.sqlite"
        defer {
            if !arguments.flag("keep") {
                for file in [path, path + "-wal", path + "-shm"] { unlink(file) }
                rmdir(directory)
            }
        }
        var random = SplitMix64(seed: 42)

        // Fill. Durability is off while filling (a crash would only lose the benchmark), then FULL again.
        if let pageSize = arguments.string("page-size") {
            let raw = try SQLiteDatabase(path: path)
            try raw.execute("PRAGMA page_size = \(Int(pageSize) ?? 4096); VACUUM")
            raw.close()
        }
        var store = try SQLiteStore(path: path)
        for pragma in arguments.strings("pragma") { _ = try store.database.text("PRAGMA \(pragma)") }
        try store.database.execute("PRAGMA synchronous = OFF")
        var progress: [CharacterProgress] = []
        progress.reserveCapacity(count)
        var started = MonotonicClock.now()
        for index in 0..<count {
            var kills: [Int: Int] = [:]
            for _ in 0..<Int.random(in: 3...5, using: &random) {
                kills[mobKinds.randomElement(using: &random)!] = Int.random(in: 1...500, using: &random)
            }
            let initial = CharacterProgress(
                id: 0, armor: 21, weapon: 60, hp: Int.random(in: 1...400, using: &random),
                checkpoint: Int.random(in: 1...20, using: &random), kills: kills,
                deaths: Int.random(in: 0...50, using: &random),
                damageDealt: Int.random(in: 0...100_000, using: &random),
                damageTaken: Int.random(in: 0...100_000, using: &random),
                playSeconds: Int.random(in: 0...360_000, using: &random))
            let record = try store.createCharacter(
                name: "Player\(index)", owner: token(index), progress: initial, now: 1_700_000_000 + Int64(index))
            progress.append(record.progress)
        }
        let fillSeconds = (MonotonicClock.now() - started).inSeconds
        try store.database.execute("PRAGMA synchronous = FULL")
        _ = try store.database.text("PRAGMA wal_checkpoint(TRUNCATE)")
        var info = stat()
        stat(path, &info)
        print(
            "characters \(count): filled in \(fmt(fillSeconds)) s (\(fmt(Double(count) / fillSeconds)) creates/s, "
                + "synchronous=OFF); file \(fmt(Double(info.st_size) / 1_048_576)) MiB, "
                + "\(fmt(Double(info.st_size) / Double(count))) bytes per character")

        // Open: what a server start costs (header, quick_check, WAL, migrations already done).
        store.close()
        started = MonotonicClock.now()
        store = try SQLiteStore(path: path)
        for pragma in arguments.strings("pragma") { _ = try store.database.text("PRAGMA \(pragma)") }
        print("open with quick_check: \(fmt((MonotonicClock.now() - started).inSeconds * 1000)) ms")

        // A login's lookups: the character by name, then whether the browser's token may play it.
        var latencies: [Double] = []
        latencies.reserveCapacity(samples)
        for _ in 0..<samples {
            let index = Int.random(in: 0..<count, using: &random)
            let lookup = MonotonicClock.now()
            guard let record = try store.character(key: "player\(index)"),
                try store.isGranted(token(index), character: record.id)
            else { fatalError("player\(index) is missing or not granted") }
            latencies.append((MonotonicClock.now() - lookup).inSeconds * 1000)
        }
        latencies.sort()
        print(
            "load (character(key:) + isGranted), \(samples) samples: p50 \(fmt(percentile(latencies, 0.5))) ms, "
                + "p99 \(fmt(percentile(latencies, 0.99))) ms, max \(fmt(latencies.last!)) ms")

        started = MonotonicClock.now()
        let listed = try store.characters(matching: nil, limit: 20)
        let listAll = (MonotonicClock.now() - started).inSeconds * 1000
        started = MonotonicClock.now()
        let matched = try store.characters(matching: "player12*", limit: 20)
        let listMatching = (MonotonicClock.now() - started).inSeconds * 1000
        print(
            "list 20 of \(listed.total): \(fmt(listAll)) ms; 'player12*' (\(matched.total) match): "
                + "\(fmt(listMatching)) ms")

        // Saves: batches of updates to random characters, each changing hp, damage and one kill kind.
        for mode in ["FULL", "NORMAL"] {
            try store.database.execute("PRAGMA synchronous = \(mode)")
            var durations: [Double] = []
            var updates: [CharacterProgress] = []
            let cpuBefore = cpuTime()
            for round in 0..<batches {
                updates.removeAll(keepingCapacity: true)
                for _ in 0..<batch {
                    let index = Int.random(in: 0..<count, using: &random)
                    progress[index].hp = Int.random(in: 1...400, using: &random)
                    progress[index].damageDealt += Int.random(in: 1...50, using: &random)
                    progress[index].damageTaken += Int.random(in: 1...50, using: &random)
                    progress[index].kills[mobKinds.randomElement(using: &random)!, default: 0] += 1
                    updates.append(progress[index])
                }
                let save = MonotonicClock.now()
                try store.save(updates, now: 1_800_000_000 + Int64(round))
                durations.append((MonotonicClock.now() - save).inSeconds)
            }
            let cpu = cpuTime()
            let updateCount = Double(batches * batch)
            let total = durations.reduce(0, +)
            durations.sort()
            print(
                "save synchronous=\(mode), \(batches) × \(batch) updates: \(fmt(updateCount / total)) updates/s; "
                    + "per save p50 \(fmt(percentile(durations, 0.5) * 1000)) ms, "
                    + "max \(fmt(durations.last! * 1000)) ms; "
                    + "CPU per update \(fmt((cpu.user - cpuBefore.user) / updateCount * 1e6)) µs user, "
                    + "\(fmt((cpu.system - cpuBefore.system) / updateCount * 1e6)) µs system")
        }
        store.close()
        if arguments.flag("keep") { print("kept \(path)") }
    }

    /// A 32-byte token digest derived from the character's index (the store treats digests as opaque bytes).
    static func token(_ index: Int) -> TokenDigest {
        var generator = SplitMix64(seed: UInt64(index))
        return (0..<4).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
    }

    /// This process's user and system CPU seconds so far.
    static func cpuTime() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    /// Whole numbers from 100 on, two decimals below, three below 1 (lookups take microseconds).
    static func fmt(_ value: Double) -> String {
        if value >= 100 { return String(Int(value.rounded())) }
        let scale = value < 1 ? 1000.0 : 100.0
        return String((value * scale).rounded() / scale)
    }
}

import GameTestSupport
import Glibc
import Support
import Testing
import World

@testable import GameServer

/// `/metrics` as Prometheus reads it: every sample under a declared family, histograms cumulative, the process
/// metrics an operator's dashboards expect. (`promtool check metrics` checks a live page in CI too.)
@Suite(.serialized)
struct MetricsPageTests {
    /// A sample line: its metric name, its labels as written, its value.
    private struct Sample {
        var name: String
        var labels: String
        var value: Double
    }

    /// Splits the page into families (name → type) and samples, recording format problems.
    private func read(_ page: String) -> (types: [String: String], samples: [Sample], problems: [String]) {
        var types: [String: String] = [:]
        var helped: Set<String> = []
        var samples: [Sample] = []
        var problems: [String] = []
        var current: (name: String, type: String)?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            if line.hasPrefix("# HELP ") {
                if !helped.insert(words[2]).inserted { problems.append("HELP twice: \(line)") }
                continue
            }
            if line.hasPrefix("# TYPE ") {
                if types[words[2]] != nil { problems.append("TYPE twice: \(line)") }
                if !helped.contains(words[2]) { problems.append("TYPE without HELP: \(line)") }
                types[words[2]] = words[3]
                current = (words[2], words[3])
                continue
            }
            let nameEnd = line.firstIndex { $0 == "{" || $0 == " " } ?? line.endIndex
            let name = String(line[..<nameEnd])
            let labels =
                line[nameEnd...].hasPrefix("{") ? String(line[nameEnd...].prefix { $0 != "}" }.dropFirst()) : ""
            guard let value = line.split(separator: " ").last.flatMap({ Double($0 == "+Inf" ? "inf" : String($0)) })
            else {
                problems.append("no value: \(line)")
                continue
            }
            var family = name
            if let current, current.type == "histogram" || current.type == "summary" {
                for suffix in ["_bucket", "_sum", "_count"] where name == current.name + suffix {
                    family = current.name
                }
            }
            if family != current?.name { problems.append("sample outside its family: \(line)") }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return (types, samples, problems)
    }

    @Test func pageIsWellFormedWithAHistogramThatAddsUp() throws {
        let before = WallClock.secondsSince1970()
        let game = try TestGame(worlds: 2, playersPerWorld: 7)
        defer { game.stop() }
        let (client, _) = try game.join("measured")
        usleep(300_000)
        let after = WallClock.secondsSince1970()
        let (types, samples, problems) = read(try game.get("/metrics"))
        #expect(problems == [])
        #expect(types["wirequest_tick_duration_seconds"] == "histogram")
        #expect(types["wirequest_max_players"] == "gauge")
        #expect(types["process_start_time_seconds"] == "gauge")
        #expect(types["wirequest_tick_seconds"] == "summary")  // kept: dashboards and CI scripts read it
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds"] {
            #expect(samples.contains { $0.name == name && $0.value > 0 }, "\(name)")
        }
        let start = try #require(samples.first { $0.name == "process_start_time_seconds" }?.value)
        #expect(start >= before.rounded(.down) - 1 && start <= after)
        #expect(samples.filter { $0.name == "wirequest_max_players" }.map(\.value) == [7, 7])
        for world in ["0", "1"] {
            let buckets = samples.filter {
                $0.name == "wirequest_tick_duration_seconds_bucket" && $0.labels.hasPrefix("world=\"\(world)\",le=")
            }
            let bounds = buckets.map { $0.labels.split(separator: "\"")[3] }
            #expect(bounds == TickMetrics.bucketBounds.map { "\($0)" } + ["+Inf"])
            let counts = buckets.map(\.value)
            #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 }, "cumulative: \(counts)")
            let count = try #require(
                samples.first {
                    $0.name == "wirequest_tick_duration_seconds_count" && $0.labels == "world=\"\(world)\""
                })
            let sum = try #require(
                samples.first {
                    $0.name == "wirequest_tick_duration_seconds_sum" && $0.labels == "world=\"\(world)\""
                })
            #expect(counts.last == count.value)
            #expect(count.value > 0 && sum.value > 0 && sum.value < count.value * 0.25)
            // Every tick is counted, as in wirequest_ticks_total (read later, so it may be ahead).
            let ticks = try #require(
                samples.first {
                    $0.name == "wirequest_ticks_total" && $0.labels == "world=\"\(world)\""
                })
            #expect(ticks.value >= count.value)
        }
        // The join created a character: one load of a new one, none of a stored one.
        let loads = samples.filter { $0.name == "wirequest_storage_load_duration_seconds_count" }
        #expect(loads.map(\.labels) == ["character=\"stored\"", "character=\"new\""])
        #expect(loads.map(\.value) == [0, 1])
        #expect(types["wirequest_storage_commit_duration_seconds"] == "histogram")
        _ = client
    }

    @Test func tickMetricsCountEveryTickIntoItsBucket() {
        var metrics = TickMetrics()
        let budget = Duration.milliseconds(20)
        for ms in [1, 3, 19, 20, 21, 400] {
            metrics.record(
                duration: .milliseconds(ms), cpu: .zero, budget: budget, frames: 0, bytes: 0, statistics: .init())
        }
        #expect(metrics.ticks == 6)
        #expect(metrics.overruns == 2)
        #expect(metrics.durations.count == 6)
        #expect(metrics.durations.sum == .milliseconds(464))
        let counts = metrics.durations.cumulativeBuckets.map(\.count)
        // ≤ .001 .002 .005 .01 .015 .02 .03 .05 .1 .25 +Inf
        #expect(counts == [1, 1, 2, 2, 2, 4, 5, 5, 5, 5, 6])
    }
}

import NetCore
import Support
import Synchronization
import World

extension GameServer {
    /// `/metrics`: per world, players and the cap, tick durations (a histogram since the start, and quantiles over
    /// the last ten seconds), CPU quantiles, ticks, overruns, output and refused intents; for the process, open
    /// connections, uptime and the standard process metrics.
    package var metricsText: String {
        let worlds = worlds.map {
            (
                index: String($0.index), players: $0.playerCount.load(ordering: .relaxed), capacity: $0.capacity,
                metrics: $0.metrics.withLock { $0 }
            )
        }
        var page = PrometheusText()
        func perWorld(
            _ name: String, _ type: PrometheusText.MetricType, _ help: String, _ value: (TickMetrics) -> UInt64
        ) {
            page.family("wirequest_\(name)", type, help: help)
            for world in worlds {
                page.sample("wirequest_\(name)", labels: ["world": world.index], value(world.metrics))
            }
        }
        func quantiles(_ name: String, _ help: String, _ values: (TickMetrics, [Double]) -> [Double]) {
            page.family("wirequest_\(name)", .summary, help: help)
            let levels = [0.5, 0.99, 1]
            for world in worlds {
                for (level, value) in zip(levels, values(world.metrics, levels)) {
                    page.sample("wirequest_\(name)", labels: ["world": world.index, "quantile": "\(level)"], value)
                }
            }
        }
        page.family("wirequest_players", .gauge, help: "Players in the world.")
        for world in worlds { page.sample("wirequest_players", labels: ["world": world.index], world.players) }
        page.family("wirequest_max_players", .gauge, help: "Players the world admits (--players-per-world).")
        for world in worlds { page.sample("wirequest_max_players", labels: ["world": world.index], world.capacity) }
        page.family(
            "wirequest_tick_duration_seconds", .histogram, help: "World tick duration (wall clock) since the start.")
        for world in worlds {
            page.histogram("wirequest_tick_duration_seconds", labels: ["world": world.index], world.metrics.durations)
        }
        quantiles("tick_seconds", "World tick duration over the last ten seconds.") { $0.quantiles($1) }
        quantiles(
            "tick_cpu_seconds",
            "World thread CPU time per tick over the last ten seconds (the tick's own work, without waiting for a core)."
        ) { $0.cpuQuantiles($1) }
        perWorld("ticks_total", .counter, "Ticks run.") { $0.ticks }
        perWorld("tick_overruns_total", .counter, "Ticks that took longer than their slot.") { $0.overruns }
        perWorld("messages_out_total", .counter, "Messages queued to players.") { UInt64($0.statistics.messagesOut) }
        perWorld("frames_out_total", .counter, "Batches (one WebSocket frame each) sent to players.") { $0.framesOut }
        perWorld("bytes_out_total", .counter, "Payload bytes sent to players.") { $0.bytesOut }
        page.family("wirequest_refused_total", .counter, help: "Client intents the world refused.")
        for world in worlds {
            let s = world.metrics.statistics
            for (kind, count) in [
                ("move", s.refusedMoves), ("teleport", s.refusedTeleports), ("hit", s.refusedHits),
                ("loot", s.refusedLoots), ("chat", s.droppedChats), ("who", s.droppedWhoAnswers),
                ("kick", s.kickedForAbuse),
            ] {
                page.sample("wirequest_refused_total", labels: ["world": world.index, "kind": kind], count)
            }
        }
        storageMetrics(into: &page)
        limitMetrics(into: &page)
        if let cluster = cluster.withLock({ $0 }) {
            page.single(
                "wirequest_cluster_nodes", .gauge, help: "Nodes of the cluster this one knows of, itself included.",
                cluster.others.count + 1)
            page.single(
                "wirequest_cluster_players", .gauge, help: "Players on every node of the cluster.", populationTotal)
        }
        page.single(
            "wirequest_connections", .gauge, help: "Open TCP connections (HTTP and WebSocket).", connectionCount)
        page.single(
            "wirequest_uptime_seconds", .gauge, help: "Seconds since the server started.",
            (MonotonicClock.now() - startedAt).inSeconds)
        page.single(
            "process_start_time_seconds", .gauge, help: "Start time of the process since the Unix epoch, in seconds.",
            startedAtUnixSeconds)
        // The standard process metrics of Prometheus client libraries, under their usual names.
        if let process = ProcessStatistics.current() {
            page.single("process_cpu_seconds_total", .counter, help: "User and system CPU time.", process.cpuSeconds)
            page.single("process_resident_memory_bytes", .gauge, help: "Resident memory.", process.residentBytes)
            page.single("process_open_fds", .gauge, help: "Open file descriptors.", process.openFiles)
            page.single("process_threads", .gauge, help: "OS threads.", process.threads)
        }
        return page.text
    }

    /// What the connection limits refused and how much output waits for slow readers.
    private func limitMetrics(into page: inout PrometheusText) {
        page.family(
            "wirequest_messages_dropped_total", .counter,
            help: "Client messages dropped over their rate limit, by kind.")
        for kind in MessageRateLimits.Kind.allCases {
            page.sample(
                "wirequest_messages_dropped_total", labels: ["kind": kind.rawValue],
                limitMetrics.droppedMessages(kind))
        }
        page.single(
            "wirequest_flooding_closes_total", .counter,
            help: "Connections closed (1008) for staying over their rate limits.",
            limitMetrics.closedForFlooding.load(ordering: .relaxed))
        page.single(
            "wirequest_hello_timeouts_total", .counter, help: "Connections closed for not saying HELLO in time.",
            limitMetrics.helloTimeouts.load(ordering: .relaxed))
        page.single(
            "wirequest_output_queued_bytes", .gauge, help: "Output queued for every connection, not yet sent.",
            group.outputBudget.queuedBytes)
        page.single(
            "wirequest_output_budget_bytes", .gauge, help: "The process's bound on queued output.",
            group.outputBudget.limit)
        page.single(
            "wirequest_output_budget_closes_total", .counter,
            help: "Connections closed because the output budget was exhausted and theirs was among the largest.",
            group.outputBudget.overrunCount)
    }

    /// The storage thread: its CPU, what it wrote and failed to write, what waits, and how long loads and commits
    /// take.
    private func storageMetrics(into page: inout PrometheusText) {
        let storage = storage.metrics.withLock { $0 }
        page.single(
            "wirequest_storage_cpu_seconds_total", .counter, help: "CPU time of the storage thread.",
            storage.cpu.inSeconds)
        page.single(
            "wirequest_storage_saves_total", .counter, help: "Character saves the worlds handed to storage.",
            storage.savesReceived)
        page.single(
            "wirequest_storage_characters_written_total", .counter,
            help: "Character rows written (after coalescing saves of the same character).", storage.charactersWritten)
        page.single("wirequest_storage_commits_total", .counter, help: "Transactions committed.", storage.commits)
        page.single(
            "wirequest_storage_commit_failures_total", .counter,
            help: "Transactions that failed (full disk, I/O error) and are retried.", storage.commitFailures)
        page.single(
            "wirequest_storage_pending_characters", .gauge, help: "Characters whose latest state is not written yet.",
            storage.pending)
        page.single("wirequest_storage_online_characters", .gauge, help: "Characters in play.", storage.online)
        page.single(
            "wirequest_storage_loads_total", .counter, help: "Characters loaded for HELLO or LOGIN.", storage.loads)
        page.single("wirequest_storage_created_total", .counter, help: "New characters created.", storage.created)
        page.single(
            "wirequest_storage_refused_names_total", .counter, help: "HELLOs refused: the name is another token's.",
            storage.refusedNames)
        page.family("wirequest_logins_total", .counter, help: "Password logins, by outcome.")
        page.sample("wirequest_logins_total", labels: ["outcome": "ok"], storage.logins)
        page.sample("wirequest_logins_total", labels: ["outcome": "failed"], storage.failedLogins)
        page.single(
            "wirequest_storage_superseded_total", .counter,
            help: "Sessions closed because their character started playing elsewhere.", storage.superseded)
        page.family(
            "wirequest_lease_waits_total", .counter,
            help: "Logins that waited for another cluster node to let their character go, by outcome.")
        page.sample("wirequest_lease_waits_total", labels: ["outcome": "waited"], storage.leaseWaits)
        page.sample("wirequest_lease_waits_total", labels: ["outcome": "refused"], storage.leaseRefusals)
        let levels = [0.5, 0.99, 1]
        for (name, help, values) in [
            (
                "load", "Time to answer HELLO or LOGIN with a stored character, over the last 1,024.",
                storage.loadTimes.quantiles(levels)
            ),
            (
                "create", "Time to answer HELLO with a new character (created and committed), over the last 1,024.",
                storage.createTimes.quantiles(levels)
            ),
            ("commit", "Time to commit a batch of saves, over the last 1,024.", storage.commitTimes.quantiles(levels)),
        ] {
            page.family("wirequest_storage_\(name)_seconds", .summary, help: help)
            for (level, value) in zip(levels, values) {
                page.sample("wirequest_storage_\(name)_seconds", labels: ["quantile": "\(level)"], value)
            }
        }
        page.family(
            "wirequest_storage_load_duration_seconds", .histogram,
            help:
                "Time to answer HELLO or LOGIN on the storage thread since the start, for a stored or a new character.")
        page.histogram(
            "wirequest_storage_load_duration_seconds", labels: ["character": "stored"], storage.loadHistogram)
        page.histogram("wirequest_storage_load_duration_seconds", labels: ["character": "new"], storage.createHistogram)
        page.family(
            "wirequest_storage_commit_duration_seconds", .histogram,
            help: "Time to commit a batch of saves since the start.")
        page.histogram("wirequest_storage_commit_duration_seconds", storage.commitHistogram)
    }
}

import GameServer
import NetCore
import Support
import World

extension AdminService {
    // MARK: - Shutdown countdown

    /// Warns every player at the start and at 60, 30, 10, 5…1 seconds left, then stops as SIGTERM would.
    func startCountdown(seconds: Int) {
        _ = cancelCountdown()
        let now = MonotonicClock.now()
        let end = now + .seconds(seconds)
        var marks = Set([60, 30, 10, 5, 4, 3, 2, 1].filter { $0 < seconds })
        if seconds > 0 { marks.insert(seconds) }
        var timers: [UInt64] = []
        for mark in marks {
            timers.append(
                loop.scheduleTimer(at: end - .seconds(mark)) { [self] in
                    ask(.notice(text: "The server shuts down in \(mark) s."), of: allWorlds) { _ in }
                })
        }
        timers.append(
            loop.scheduleTimer(at: end) { [self] in
                logger.notice("shutdown countdown reached zero")
                state.withValue(on: loop) { state in
                    state.countdownTimers = []
                    state.shutdownAt = nil
                }
                ask(.notice(text: "The server is shutting down now."), of: allWorlds) { [self] _ in
                    // The notice leaves with the worlds' next batch; give it a few ticks before closing.
                    _ = loop.scheduleTimer(after: .milliseconds(200)) { [self] in
                        requestShutdown()
                    }
                }
            })
        state.withValue(on: loop) { state in
            state.countdownTimers = timers
            state.shutdownAt = end
        }
    }

    func cancelCountdown() -> Bool {
        let timers = state.withValue(on: loop) { state -> [UInt64] in
            defer {
                state.countdownTimers = []
                state.shutdownAt = nil
            }
            return state.countdownTimers
        }
        for timer in timers { loop.cancelTimer(timer) }
        if !timers.isEmpty { ask(.notice(text: "The shutdown is cancelled."), of: allWorlds) { _ in } }
        return !timers.isEmpty
    }

    /// Seconds until the countdown ends, if one runs (for `status`).
    var shutdownSecondsLeft: Int? {
        state.withValue(on: loop) { state in
            state.shutdownAt.map { Int(max(.zero, $0 - MonotonicClock.now()).wholeSeconds) }
        }
    }
}

import Admin
import Dispatch
import Glibc
import NetCore
import Support
import Synchronization
import Terminal

/// `wirequest serve`'s own terminal as an admin console. Log lines are printed above the prompt, so what the
/// operator is typing survives them. Ctrl-C cancels a line; twice within two seconds stops the server (the
/// terminal is in raw mode, so Ctrl-C is a key here, not SIGINT). Ctrl-D closes the console and leaves the server
/// running, with Ctrl-C back to a signal.
package final class ServerConsole: Sendable {
    private let console: Console
    private let raw: RawMode
    private let thread: Mutex<NativeThread?> = Mutex(nil)
    /// When Ctrl-C was last pressed (monotonic nanoseconds).
    private let lastInterrupt = Atomic<UInt64>(0)

    /// Starts the console if standard input and output are both a terminal and the process is in the terminal's
    /// foreground (`wirequest serve &` must not be stopped by SIGTTIN for reading it); nil otherwise (a service, a
    /// pipe, CI, the background).
    package static func startIfInteractive(admin: AdminService) -> ServerConsole? {
        guard isatty(0) != 0, isatty(1) != 0, tcgetpgrp(0) == getpgrp() else { return nil }
        // Moved to the background later, reads fail with EIO instead of stopping the server; the console closes.
        signal(SIGTTIN, SIG_IGN)
        signal(SIGTTOU, SIG_IGN)
        // The terminal going away (a closed SSH session or tmux window) closes the console as Ctrl-D does, and the
        // server keeps running, as the console then says: SIGHUP's default would end it without a word.
        signal(SIGHUP, SIG_IGN)
        guard let raw = RawMode(fd: 0) else { return nil }
        let console = ServerConsole(raw: raw)
        console.start(admin: admin)
        return console
    }

    private init(raw: RawMode) {
        self.raw = raw
        console = Console(prompt: "wirequest> ", width: terminalWidth(fd: 1) ?? 80)
    }

    private func start(admin: AdminService) {
        console.withEditor { $0.completion = { AdminShell.complete($0) } }
        LoggingSystem.bootstrap(ConsoleLogSink(console: console))
        console.println(
            "admin console: 'help' lists commands; Ctrl-D closes the console, Ctrl-C twice stops the server")
        console.start()
        let actor = "\(userName(getuid())) on the server's terminal"
        let thread = NativeThread(name: "wq-console") { [self] in
            console.run(
                input: 0,
                onLine: { line in
                    console.setWidth(terminalWidth(fd: 1) ?? 80)
                    let request = AdminRequestLine(line)
                    guard !request.command.allSatisfy(\.isWhitespace) else {
                        console.start()
                        return true
                    }
                    // Commands run on the admin loop like the socket's; the answer comes back here to print.
                    let answered = DispatchSemaphore(value: 0)
                    admin.loop.execute { [console] in
                        admin.execute(request, actor: actor) { response in
                            let body = response.body.hasSuffix("\n") ? String(response.body.dropLast()) : response.body
                            console.println(response.status == .ok ? body : "\(response.status.rawValue): \(body)")
                            console.start()
                            answered.signal()
                        }
                    }
                    // Wait so the next typed line is not drawn before this answer; a wedged world costs 10 s at most.
                    _ = answered.wait(timeout: .now() + 10)
                    return true
                },
                onInterrupt: { [self] in
                    let now = MonotonicClock.now()
                    if now - MonotonicClock.Instant(nanoseconds: lastInterrupt.load(ordering: .relaxed)) < .seconds(2) {
                        console.println("stopping the server")
                        admin.requestShutdown()
                    } else {
                        lastInterrupt.store(now.nanoseconds, ordering: .relaxed)
                        console.println("(Ctrl-C again within 2 s stops the server; 'shutdown 30' warns players first)")
                        console.start()
                    }
                },
                onEnd: { [self] in
                    restoreTerminal()
                    printToStandardError("admin console closed; the server keeps running (Ctrl-C or SIGTERM stops it)")
                })
        }
        self.thread.withLock { $0 = thread }
    }

    /// Puts the terminal back as it was and sends log lines straight to standard error again. The reader thread
    /// may still be blocked in read(2); it ends with the process.
    package func restoreTerminal() {
        console.hide()
        raw.restore()
        LoggingSystem.bootstrap(StandardErrorSink())
    }
}

/// Log lines above the prompt, with control characters made visible so nothing logged can drive the terminal.
struct ConsoleLogSink: LogSink {
    let console: Console

    func write(_ line: String) {
        var clean = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            clean.append(scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F ? "?" : scalar)
        }
        console.printAbove(String(clean))
    }
}

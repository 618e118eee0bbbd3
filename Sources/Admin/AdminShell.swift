import Glibc
import Support
import Terminal

/// `wirequest admin`'s front end: one command for scripts, or an interactive prompt with history and editing.
package enum AdminShell {
    /// Sends `words` as one command (each word quoted as needed, so `kick "big bob"` survives the shell) and prints
    /// the answer: to standard output when it is OK, to standard error otherwise. Returns the exit status.
    package static func runOnce(_ client: AdminClient, words: [String], json: Bool) -> Int32 {
        let line = words.map(AdminTokenizer.quote).joined(separator: " ")
        do {
            let response = try client.send(AdminRequestLine(json: json, command: line))
            write(response.body, to: response.status == .ok ? 1 : 2)
            return response.status.exitCode
        } catch {
            write("error: \(error)\n", to: 2)
            return 69  // EX_UNAVAILABLE
        }
    }

    /// Reads commands until Ctrl-D (or `exit`): from a prompt when standard input is a terminal, else one per line
    /// (`wirequest admin < commands.txt`). Returns 0, or the status of the last command that failed when not
    /// interactive.
    package static func runInteractive(_ client: AdminClient, json: Bool, socketPath: String) -> Int32 {
        guard let raw = RawMode(fd: 0) else { return runLines(client, json: json) }
        defer { raw.restore() }
        let console = Console(prompt: "wirequest> ", width: terminalWidth(fd: 1) ?? 80)
        let historyPath = historyFile()
        console.withEditor { editor in
            editor.completion = { complete($0) }
            if let historyPath, let bytes = try? readFile(historyPath, limit: 1 << 20) {
                editor.setHistory(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init))
            }
        }
        console.println("connected to \(socketPath); 'help' lists commands, Ctrl-D leaves")
        console.start()
        var status: Int32 = 0
        console.run(
            input: 0,
            onLine: { line in
                console.setWidth(terminalWidth(fd: 1) ?? 80)
                let trimmed = line.trimmingWhitespace
                if trimmed == "exit" || trimmed == "quit" { return false }
                if !trimmed.isEmpty {
                    do {
                        let response = try client.send(AdminRequestLine(json: json, command: trimmed))
                        let body = response.body.hasSuffix("\n") ? String(response.body.dropLast()) : response.body
                        console.println(response.status == .ok ? body : "\(response.status.rawValue): \(body)")
                    } catch {
                        console.println("error: \(error)")
                        status = 69
                        return false
                    }
                }
                console.start()
                return true
            },
            onInterrupt: {},
            onEnd: {})
        if let historyPath {
            let history = console.withEditor { $0.history }
            saveHistory(history.suffix(500), to: historyPath)
        }
        return status
    }

    /// Non-interactive input: each line is a command; the answers go to standard output or error.
    private static func runLines(_ client: AdminClient, json: Bool) -> Int32 {
        var status: Int32 = 0
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        func run(_ line: String) -> Bool {
            let trimmed = line.trimmingWhitespace
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return true }
            do {
                let response = try client.send(AdminRequestLine(json: json, command: trimmed))
                write(response.body, to: response.status == .ok ? 1 : 2)
                if response.status != .ok { status = response.status.exitCode }
                return true
            } catch {
                write("error: \(error)\n", to: 2)
                status = 69
                return false
            }
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            pending += buffer[0..<n]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                guard run(line) else { return status }
            }
        }
        if !pending.isEmpty { _ = run(String(decoding: pending, as: UTF8.self)) }
        return status
    }

    /// `help [NAME]` answered without a server (it is unreachable); prints to standard output or error.
    package static func localHelp(_ name: String?) -> ExitCode {
        guard let name else {
            write(AdminCommandSpec.overview, to: 1)
            return .success
        }
        guard let spec = AdminCommandSpec.named(name.lowercased()) else {
            write("no command '\(name)'; 'help' lists them", to: 2)
            return .usage
        }
        write(spec.help, to: 1)
        return .success
    }

    /// Completes the command name (the first word) from the command table.
    package static func complete(_ before: String) -> [String] {
        guard !before.contains(" ") else {
            // `help NAME`: complete the name.
            guard before.hasPrefix("help ") else { return [] }
            let partial = before.dropFirst(5).lowercased()
            return AdminCommandSpec.names.filter { $0.hasPrefix(partial) }.map { "help \($0)" }
        }
        let partial = before.lowercased()
        return AdminCommandSpec.names.filter { $0.hasPrefix(partial) }.map { $0 + " " }
    }

    private static func historyFile() -> String? {
        guard let home = getenv("HOME") else { return nil }
        return String(cString: home) + "/.wirequest_admin_history"
    }

    /// Keeps the history private to the user (0600): it may hold names and addresses.
    private static func saveHistory(_ lines: ArraySlice<String>, to path: String) {
        try? writeFile(Array(lines.joined(separator: "\n").utf8) + [UInt8(ascii: "\n")], to: path, mode: 0o600)
    }

    private static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        writeAll(fd, bytes)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

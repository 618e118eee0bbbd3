import Glibc
import NetCore
import Synchronization
import Testing

/// A private redis-server for one test: started as a child process on a free loopback port, with no persistence,
/// killed (SIGKILL) when the test ends. Tests also kill and restart it to simulate outages.
package final class RedisServerProcess {
    package let executable: String
    package let port: Int
    private var pid: pid_t = 0

    /// Starts a server, or returns nil when `redis-server` is not on PATH: then the test is skipped with a printed
    /// reason, unless WIREQUEST_REQUIRE_SERVICES=1, when its absence is a test failure.
    package static func start(arguments: [String] = [], for test: String = #function) throws -> RedisServerProcess? {
        guard let executable = findOnPath("redis-server") else {
            if getenv("WIREQUEST_REQUIRE_SERVICES").map({ String(cString: $0) }) == "1" {
                Issue.record("redis-server is not on PATH and WIREQUEST_REQUIRE_SERVICES=1")
            } else {
                print("SKIPPED \(test): redis-server is not on PATH (set WIREQUEST_REQUIRE_SERVICES=1 to fail instead)")
            }
            return nil
        }
        let server = RedisServerProcess(executable: executable, port: try freePort(), extraArguments: arguments)
        try server.launch()
        return server
    }

    private let extraArguments: [String]

    private init(executable: String, port: Int, extraArguments: [String]) {
        self.executable = executable
        self.port = port
        self.extraArguments = extraArguments
    }

    deinit { kill() }

    package var url: String { "redis://127.0.0.1:\(port)" }

    /// SIGKILL, as a crash or an OOM kill would: no goodbye to the clients.
    package func kill() {
        guard pid > 0 else { return }
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        pid = 0
    }

    /// Starts the server again on the same port (empty: nothing was saved).
    package func restart() throws {
        kill()
        try launch()
    }

    private func launch() throws {
        let arguments =
            [
                executable, "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning",
            ] + extraArguments
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var child = pid_t()
        let status = posix_spawn(&child, executable, &actions, nil, &argv, environ)
        guard status == 0 else { throw IOError(errnoCode: status, function: "posix_spawn \(executable)") }
        pid = child
        try waitUntilReady()
    }

    /// Polls with PING until the server answers (a restart may take a moment to rebind the port).
    private func waitUntilReady() throws {
        let address = try SocketAddress(host: "127.0.0.1", port: port)
        var lastError: (any Error)?
        for _ in 0..<500 {
            do {
                let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(1))
                try socket.send("PING\r\n")
                // +PONG, or -NOAUTH from a server with a password: either way it is up.
                let answer = try socket.receive(until: Array("\r\n".utf8))
                if answer.first == UInt8(ascii: "+") || answer.first == UInt8(ascii: "-") { return }
            } catch {
                lastError = error
            }
            usleep(10_000)
        }
        throw lastError ?? IOError(errnoCode: ETIMEDOUT, function: "redis-server did not start")
    }

    private static func findOnPath(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// A port the kernel just handed out and we released: free unless another process races for it.
    private static func freePort() throws -> Int {
        let fd = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        defer { close(fd) }
        guard let address = Socket.localAddress(fd) else { throw IOError(errnoCode: EINVAL, function: "getsockname") }
        return address.port
    }
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held.
package func waitUntil(_ timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}

/// A value filled in by a callback on another thread.
package final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    package init(_ initial: Value) { value = Mutex(initial) }

    package var current: Value { value.withLock { $0 } }

    package func update(_ body: (inout Value) -> Void) { value.withLock { body(&$0) } }
}

import NetCore
import Redis
import RedisTestSupport
import Support

/// One loop thread and a client on it, with the client's state transitions recorded.
final class ClientHarness {
    let group: EventLoopGroup
    let client: RedisClient
    let states = Box<[Bool]>([])

    init(url: String, group: EventLoopGroup? = nil, configure: (inout RedisConfiguration) -> Void = { _ in }) throws {
        self.group = try group ?? EventLoopGroup(threadCount: 1)
        var configuration = RedisConfiguration(url: RedisURL(url)!)
        configure(&configuration)
        client = try RedisClient(configuration: configuration, loop: self.group.loops[0])
        client.onStateChange { [states] up in states.update { $0.append(up) } }
        client.start()
    }

    /// Sends and waits (at most 5 s) for the completion.
    func call(_ arguments: [String]) -> Result<RESPValue, RedisError> {
        Self.call(client, arguments)
    }

    static func call(_ client: RedisClient, _ arguments: [String]) -> Result<RESPValue, RedisError> {
        let box = Box<Result<RESPValue, RedisError>?>(nil)
        client.send(arguments) { result in box.update { $0 = result } }
        _ = waitUntil(.seconds(5)) { box.current != nil }
        return box.current ?? .failure(.protocolViolation("test: no completion within 5 s"))
    }

    func stop() {
        client.stop()
        group.stop()
    }
}

extension Result where Success == RESPValue, Failure == RedisError {
    var value: RESPValue? {
        if case .success(let value) = self { return value }
        return nil
    }
}

import NetCore
import Support
import Synchronization

/// A second connection to Redis in subscribe mode (RESP2 allows nothing else on it once subscribed).
///
/// The channels and patterns asked for are remembered and subscribed again after every reconnect. The subscriber
/// reports up once Redis has confirmed all of them, so a message published after "up" is not missed. A PING every
/// second (answered by Redis even in subscribe mode) finds a connection that died silently.
///
/// Every public method may be called from any thread (it hops onto `loop`); callbacks run on the loop.
/// `@unchecked Sendable`: the mutable state is confined to `loop`'s thread, which every public method hops to.
package final class RedisSubscriber: @unchecked Sendable {
    package typealias MessageHandler = @Sendable (_ channel: String, _ payload: [UInt8]) -> Void

    package let loop: EventLoop
    package let configuration: RedisConfiguration
    private let logger: Logger
    private let link: RedisLink
    private let delegate: SubscriberLinkDelegate
    private let up = Atomic<Bool>(false)

    // Loop thread only.
    private var channels: Set<String> = []
    private var patterns: Set<String> = []
    private var messageHandlers: [MessageHandler] = []
    private var stateHandlers: [@Sendable (Bool) -> Void] = []
    /// Confirmations still expected before reporting up after a (re)connect.
    private var awaitingConfirmations = 0
    private var reportedUp = false
    private var pingSent: MonotonicClock.Instant?
    private var pingTimer: UInt64?

    package static let pingInterval = Duration.seconds(1)

    /// Resolves the URL's host, which may block: call off the loops. Nothing happens until ``start()``.
    package init(configuration: RedisConfiguration, loop: EventLoop, logger: Logger = Logger(label: "redis-sub"))
        throws(RedisError)
    {
        self.configuration = configuration
        self.loop = loop
        self.logger = logger
        let address = try configuration.url.resolve()
        link = RedisLink(configuration: configuration, address: address, loop: loop, logger: logger)
        delegate = SubscriberLinkDelegate()
        delegate.subscriber = self
        link.delegate = delegate
    }

    /// Up: connected and every subscription confirmed. Readable from any thread.
    package var isUp: Bool { up.load(ordering: .acquiring) }

    package func start() {
        onLoop { $0.link.start() }
    }

    package func stop() {
        onLoop { subscriber in
            subscriber.link.stop()
            if let timer = subscriber.pingTimer { subscriber.loop.cancelTimer(timer) }
            subscriber.pingTimer = nil
        }
    }

    /// Adds a handler for every message (`pmessage`s too, with the channel they were published to). On the loop.
    package func onMessage(_ handler: @escaping MessageHandler) {
        onLoop { $0.messageHandlers.append(handler) }
    }

    /// Adds a handler for up/down transitions. On the loop.
    package func onStateChange(_ handler: @escaping @Sendable (_ up: Bool) -> Void) {
        onLoop { $0.stateHandlers.append(handler) }
    }

    package func subscribe(_ names: [String]) {
        onLoop { $0.change("SUBSCRIBE", names, adding: true, in: \.channels) }
    }

    package func unsubscribe(_ names: [String]) {
        onLoop { $0.change("UNSUBSCRIBE", names, adding: false, in: \.channels) }
    }

    package func psubscribe(_ names: [String]) {
        onLoop { $0.change("PSUBSCRIBE", names, adding: true, in: \.patterns) }
    }

    package func punsubscribe(_ names: [String]) {
        onLoop { $0.change("PUNSUBSCRIBE", names, adding: false, in: \.patterns) }
    }

    private func onLoop(_ body: @escaping @Sendable (RedisSubscriber) -> Void) {
        if loop.inLoop {
            body(self)
        } else {
            loop.execute { [self] in body(self) }
        }
    }

    // MARK: - Loop thread

    private func change(
        _ command: String, _ names: [String], adding: Bool,
        in set: ReferenceWritableKeyPath<RedisSubscriber, Set<String>>
    ) {
        let changed = names.filter {
            adding ? self[keyPath: set].insert($0).inserted : self[keyPath: set].remove($0) != nil
        }
        guard !changed.isEmpty, link.isUp else { return }
        if adding && awaitingConfirmations > 0 { awaitingConfirmations += changed.count }
        link.write([command] + changed)
    }

    fileprivate func linkCameUp() {
        awaitingConfirmations = channels.count + patterns.count
        if !channels.isEmpty { link.write(["SUBSCRIBE"] + channels.sorted()) }
        if !patterns.isEmpty { link.write(["PSUBSCRIBE"] + patterns.sorted()) }
        pingSent = nil
        schedulePing()
        if awaitingConfirmations == 0 { report(up: true) }
    }

    fileprivate func linkWentDown() {
        if let pingTimer { loop.cancelTimer(pingTimer) }
        pingTimer = nil
        awaitingConfirmations = 0
        if reportedUp { report(up: false) }
    }

    private func report(up isUp: Bool) {
        reportedUp = isUp
        up.store(isUp, ordering: .releasing)
        for handler in stateHandlers { handler(isUp) }
    }

    private func schedulePing() {
        pingTimer = loop.scheduleTimer(after: Self.pingInterval) { [weak self] in
            guard let self else { return }
            pingTimer = nil
            guard link.isUp else { return }
            if let sent = pingSent {
                if MonotonicClock.now() - sent > configuration.commandTimeout {
                    link.drop(reason: "no answer to PING within \(configuration.commandTimeout)")
                    return
                }
            } else {
                pingSent = MonotonicClock.now()
                link.write(["PING"])
            }
            schedulePing()
        }
    }

    fileprivate func received(_ value: RESPValue) {
        switch value {
        case .simpleString("PONG"):
            pingSent = nil  // no subscriptions: PING answers as on an ordinary connection
        case .error(let message):
            logger.warning("Redis refused a subscription command: \(message)")
        case .array(let parts):
            push(parts)
        default:
            link.drop(reason: "unexpected value on a subscriber connection")
        }
    }

    private func push(_ parts: [RESPValue]) {
        guard let kind = parts.first?.string else {
            return link.drop(reason: "a push without a kind")
        }
        switch kind {
        case "message" where parts.count == 3:
            guard let channel = parts[1].string, let payload = parts[2].bytes else { break }
            for handler in messageHandlers { handler(channel, payload) }
        case "pmessage" where parts.count == 4:
            guard let channel = parts[2].string, let payload = parts[3].bytes else { break }
            for handler in messageHandlers { handler(channel, payload) }
        case "subscribe", "psubscribe":
            if awaitingConfirmations > 0 {
                awaitingConfirmations -= 1
                if awaitingConfirmations == 0 { report(up: true) }
            }
        case "unsubscribe", "punsubscribe":
            break
        case "pong":
            pingSent = nil
        default:
            logger.debug("ignoring a '\(kind)' push of \(parts.count) parts")
        }
    }
}

/// Forwards the link's events without keeping the subscriber alive.
private final class SubscriberLinkDelegate: RedisLinkDelegate {
    weak var subscriber: RedisSubscriber?

    func linkDidComeUp(_ link: RedisLink) { subscriber?.linkCameUp() }
    func linkDidGoDown(_ link: RedisLink) { subscriber?.linkWentDown() }
    func link(_ link: RedisLink, didReceive value: RESPValue) { subscriber?.received(value) }
}

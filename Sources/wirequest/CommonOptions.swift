import Support
import Web

/// Options shared by `serve` and `echo`.
enum CommonOptions {
    /// `addressLimits`: whether per-address limits are on by default (serve) or off (echo, a benchmark and
    /// conformance target that one client hammers).
    static func network(maxMessage: String, addressLimits: Bool = true) -> [OptionSpec] {
        [
            OptionSpec("threads", value: "n", default: "1", help: "I/O threads (event loops)."),
            OptionSpec(
                "max-message", value: "size", default: maxMessage,
                help: "Largest WebSocket message accepted (e.g. 65536, 64K, 16M)."),
            OptionSpec(
                "ping-interval", value: "seconds", default: "30",
                help: "Ping WebSocket clients silent this long, and drop them if silent as long again; 0 turns it off."),
            OptionSpec(
                "allowed-origin", value: "origin", repeatable: true,
                help: "Accept WebSocket upgrades only from this Origin (repeatable; default: any origin)."),
            OptionSpec(
                "trusted-proxy", value: "cidr", repeatable: true,
                help:
                    "A proxy (address or CIDR, IPv4 or IPv6; repeatable) whose connections may start with a PROXY "
                    + "protocol header and whose forwarding header names the client."),
            OptionSpec(
                "forwarded-header", value: "name", default: "x-forwarded-for",
                help: "The header trusted proxies write the client into: x-forwarded-for, forwarded or none."),
            OptionSpec(
                "max-connections-per-address", value: "n", default: addressLimits ? "64" : "0",
                help: "Open connections one client address may hold (IPv6: per /64); 0 for no limit."),
            OptionSpec(
                "upgrades-per-address", value: "rate[/burst]", default: addressLimits ? "5/20" : "0",
                help: "WebSocket upgrades per second one client address may make, and at once; 0 for no limit."),
            OptionSpec(
                "output-budget", value: "size", default: "64M",
                help: "Output queued for all connections together; over it, the largest queues are dropped."),
        ]
    }

    static let http = [
        OptionSpec("access-log", help: "Log one line per HTTP request.")
    ]

    static let logging = [
        OptionSpec(
            "log-level", value: "level", default: "info",
            help: "trace, debug, info, notice, warning, error or critical."),
        OptionSpec(
            "log-format", value: "format", default: "text",
            help: "text (for people) or json (one object a line, with the connection or player as fields)."),
    ]

    static func apply(
        _ arguments: ParsedArguments, to configuration: inout WebServerConfiguration,
        defaultMaxMessage: Int, addressLimits: Bool = true
    ) throws(UsageError) {
        configuration.threads = try arguments.int("threads", default: 1, range: 1...64)
        configuration.webSocket.maxMessageSize = try arguments.byteSize(
            "max-message", default: defaultMaxMessage, range: 125...(1 << 30))
        let ping = try arguments.double("ping-interval", default: 30, range: 0...86_400)
        configuration.webSocket.pingInterval = .seconds(ping)
        let origins = arguments.strings("allowed-origin")
        configuration.allowedOrigins = origins.isEmpty ? nil : origins
        for text in arguments.strings("trusted-proxy") {
            guard configuration.trustedProxies.trust(text) else {
                throw arguments.usageError("trusted-proxy", "--trusted-proxy '\(text)' is not an address or CIDR")
            }
        }
        let header = arguments.string("forwarded-header") ?? "x-forwarded-for"
        guard configuration.trustedProxies.readHeader(named: header) else {
            throw arguments.usageError(
                "forwarded-header", "--forwarded-header '\(header)': x-forwarded-for, forwarded or none")
        }
        configuration.addressLimits.maxConnections = try arguments.int(
            "max-connections-per-address", default: addressLimits ? 64 : 0, range: 0...1_000_000)
        let upgrades = arguments.string("upgrades-per-address") ?? (addressLimits ? "5/20" : "0")
        guard let (rate, burst) = parseRate(upgrades) else {
            throw arguments.usageError(
                "upgrades-per-address",
                "--upgrades-per-address '\(upgrades)': a rate per second, optionally /burst (5/20)")
        }
        configuration.addressLimits.upgradeRate = rate
        configuration.addressLimits.upgradeBurst = burst
        configuration.outputBudget = try arguments.byteSize(
            "output-budget", default: 64 * 1024 * 1024, range: (1 << 20)...(1 << 40))
        configuration.accessLog = arguments.flag("access-log")
        if let name = arguments.string("log-level") {
            guard let level = LogLevel(name: name) else { throw UsageError("unknown log level '\(name)'") }
            LoggingSystem.level = level
        }
        if let name = arguments.string("log-format") {
            guard let format = LogFormat(name: name) else { throw UsageError("--log-format '\(name)': text or json") }
            LoggingSystem.format = format
        }
    }

    /// `rate` or `rate/burst` (burst defaults to four times the rate); `0` is (0, 0).
    static func parseRate(_ text: String) -> (Double, Double)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let rate = Double(parts[0]), rate >= 0, rate.isFinite else { return nil }
        guard parts.count == 2 else { return (rate, rate * 4) }
        guard let burst = Double(parts[1]), burst >= 0, burst.isFinite else { return nil }
        return (rate, burst)
    }
}

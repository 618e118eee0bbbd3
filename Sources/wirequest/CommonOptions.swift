import Support
import Web

/// Options shared by `serve` and `echo`.
enum CommonOptions {
    static func network(maxMessage: String) -> [OptionSpec] {
        [
            OptionSpec("threads", value: "n", default: "1", help: "I/O threads (event loops)."),
            OptionSpec(
                "max-message", value: "size", default: maxMessage,
                help: "Largest WebSocket message accepted (e.g. 65536, 64K, 16M)."),
            OptionSpec(
                "ping-interval", value: "seconds", default: "30",
                help: "Ping WebSocket clients silent this long, and drop them if silent as long again; 0 turns it off."),
            OptionSpec(
                "allowed-origin", value: "origin",
                help: "Accept WebSocket upgrades only from this Origin (repeatable; default: any origin)."),
            OptionSpec(
                "trusted-proxy", value: "cidr",
                help:
                    "A proxy (address or CIDR, IPv4 or IPv6; repeatable) whose connections may start with a PROXY "
                    + "protocol header and whose forwarding header names the client."),
            OptionSpec(
                "forwarded-header", value: "name", default: "x-forwarded-for",
                help: "The header trusted proxies write the client into: x-forwarded-for, forwarded or none."),
        ]
    }

    static let http = [
        OptionSpec("access-log", help: "Log one line per HTTP request.")
    ]

    static let logging = [
        OptionSpec(
            "log-level", value: "level", default: "info",
            help: "trace, debug, info, notice, warning, error or critical.")
    ]

    static func apply(
        _ arguments: ParsedArguments, to configuration: inout WebServerConfiguration,
        defaultMaxMessage: Int
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
                throw UsageError("--trusted-proxy '\(text)' is not an address or CIDR")
            }
        }
        let header = arguments.string("forwarded-header") ?? "x-forwarded-for"
        guard configuration.trustedProxies.readHeader(named: header) else {
            throw UsageError("--forwarded-header '\(header)': x-forwarded-for, forwarded or none")
        }
        configuration.accessLog = arguments.flag("access-log")
        if let name = arguments.string("log-level") {
            guard let level = LogLevel(name: name) else { throw UsageError("unknown log level '\(name)'") }
            LoggingSystem.level = level
        }
    }
}

// swift-tools-version:6.2
// WireQuest: a BrowserQuest-compatible game server. No package dependencies: the toolchain and the system C
// libraries only (see README.md).
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Dynamic exclusivity checks on class properties were a third of the echo path's instructions (callgrind).
    // Debug builds, and so `swift test`, keep them; release builds rely on those tests.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "WireQuest",
    targets: [
        // epoll, eventfd, timerfd and signal plumbing that Glibc does not export cleanly.
        .target(name: "CLinux", path: "Sources/CLinux"),
        // Logging, argument scanning, the monotonic clock: used by every other module.
        .target(name: "Support", swiftSettings: settings),
        // The epoll event loop, sockets, timers and cross-thread wake-ups. Knows bytes, not protocols.
        .target(name: "NetCore", dependencies: ["CLinux", "Support"], swiftSettings: settings),
        // Sans-IO HTTP/1.1: request parser, response encoder, static file resolution.
        .target(name: "HTTP", dependencies: ["Support"], swiftSettings: settings),
        // Sans-IO RFC 6455: frame codec, handshake, session state machine, SHA-1, base64, UTF-8.
        .target(name: "WebSocket", dependencies: ["HTTP", "Support"], swiftSettings: settings),
        // The HTTP and WebSocket codecs run on NetCore: web server, WebSocket client, echo service.
        .target(name: "Web", dependencies: ["NetCore", "HTTP", "WebSocket", "Support"], swiftSettings: settings),
        // The command-line front end: parses arguments and wires the libraries together, nothing else.
        .executableTarget(name: "wirequest", dependencies: ["Web", "Support"], swiftSettings: settings),

        .testTarget(name: "SupportTests", dependencies: ["Support"], swiftSettings: settings),
        .testTarget(name: "NetCoreTests", dependencies: ["NetCore", "Support"], swiftSettings: settings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"], swiftSettings: settings),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "HTTP"], swiftSettings: settings),
        .testTarget(
            name: "WebTests", dependencies: ["Web", "NetCore", "HTTP", "WebSocket", "Support"],
            swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)

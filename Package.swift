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
        // The system's zlib (zlib1g-dev): deflate for permessage-deflate and gzip of static files.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Sans-IO HTTP/1.1: request parser, response encoder, static file resolution and its gzip cache.
        .target(name: "HTTP", dependencies: ["CZlib", "Support"], swiftSettings: settings),
        // Sans-IO RFC 6455: frame codec, handshake, session state machine, permessage-deflate, SHA-1, base64, UTF-8.
        .target(name: "WebSocket", dependencies: ["CZlib", "HTTP", "Support"], swiftSettings: settings),
        // The HTTP and WebSocket codecs run on NetCore: web server, WebSocket client, echo service.
        .target(name: "Web", dependencies: ["NetCore", "HTTP", "WebSocket", "Support"], swiftSettings: settings),
        // BrowserQuest's wire protocol: message codes, entity kinds, the numeric-array codec. Pure Swift.
        .target(name: "GameProtocol", swiftSettings: settings),
        // The map model: Tiled and BrowserQuest loaders, the collision grid, tiles and the pathfinder. No game rules.
        .target(name: "GameMap", dependencies: ["GameProtocol", "Support"], swiftSettings: settings),
        // The authoritative world: zones, entities, movement, combat, the tick. No sockets, threads, clocks or SQLite.
        .target(name: "World", dependencies: ["GameProtocol", "GameMap", "Support"], swiftSettings: settings),
        // A sans-IO line editor (history, editing keys, log lines above the prompt) and raw terminal mode.
        .target(name: "Terminal", swiftSettings: settings),
        // The admin console's command grammar, its socket protocol, and the `wirequest admin` client.
        .target(name: "Admin", dependencies: ["NetCore", "Terminal", "Support"], swiftSettings: settings),
        // Where characters and operator state last: the store interface, its records and an in-memory store.
        .target(name: "Storage", dependencies: ["Support"], swiftSettings: settings),
        // The system's SQLite 3 (libsqlite3-dev): its header and library, nothing vendored.
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The default store: one SQLite file in WAL mode, schema migrations, online backup. Only it imports CSQLite.
        .target(name: "SQLiteStore", dependencies: ["CSQLite", "Storage", "Support"], swiftSettings: settings),
        // The cluster's store: PostgreSQL over its own wire-protocol client (SCRAM, MD5), migrations, leases.
        .target(name: "PostgresStore", dependencies: ["Storage", "Support"], swiftSettings: settings),
        // Runs worlds on their own threads and connects them to WebSocket sessions; /status and /metrics.
        .target(
            name: "GameServer",
            dependencies: [
                "Web", "NetCore", "WebSocket", "HTTP", "GameProtocol", "GameMap", "World", "Storage", "Support",
            ],
            swiftSettings: settings),
        // What the server does for operators: runs admin commands against the worlds, the admin socket, the console on
        // the server's terminal, the directory of sessions and bans (the server's gate), the shutdown countdown.
        .target(
            name: "AdminService",
            dependencies: [
                "GameServer", "Admin", "Terminal", "Web", "NetCore", "GameProtocol", "World", "Storage", "SQLiteStore",
                "PostgresStore", "Support",
            ],
            swiftSettings: settings),
        // A game server as one node of a cluster: the Redis directory and bus wired to the server and its admin console.
        .target(
            name: "ClusterService",
            dependencies: ["Cluster", "Redis", "AdminService", "GameServer", "Admin", "Web", "NetCore", "Support"],
            swiftSettings: settings),
        // Measures a world's tick cost and output with simulated players (no network).
        .executableTarget(
            name: "worldbench", dependencies: ["World", "GameMap", "GameProtocol", "Support"], swiftSettings: settings),
        // Measures the SQLite store: bytes per character, load latency and save throughput with many characters.
        .executableTarget(
            name: "storagebench", dependencies: ["SQLiteStore", "Storage", "Support"], swiftSettings: settings),
        // Round trips per second through a WebSocket echo server: the transport's cost per message.
        .executableTarget(
            name: "echobench", dependencies: ["Web", "NetCore", "WebSocket", "Support"], swiftSettings: settings),
        // Headless bot clients on the project's own WebSocket client, for play-testing and load.
        .target(
            name: "Bots", dependencies: ["Web", "NetCore", "WebSocket", "GameProtocol", "GameMap", "Support"],
            swiftSettings: settings),
        // Sans-IO RESP2 and a non-blocking Redis client and subscriber on NetCore. No game types.
        .target(name: "Redis", dependencies: ["NetCore", "Support"], swiftSettings: settings),
        // The cluster's directory of nodes and its message bus, over Redis. No game types.
        .target(name: "Cluster", dependencies: ["Redis", "NetCore", "Support"], swiftSettings: settings),
        // The command-line front end: parses arguments and wires the libraries together, nothing else.
        .executableTarget(
            name: "wirequest",
            dependencies: ["AdminService", "ClusterService", "GameServer", "Bots", "Web", "Admin", "Support"],
            exclude: ["Deploy"], swiftSettings: settings),

        // The tools that make the shipped art and world (Sources/Tools/): not part of the server. CI regenerates
        // Maps/world.tmj and Public/img/ with them and fails if the committed files differ.
        // Pixel buffers, drawing and a PNG encoder (with deflate) for the art generators.
        .target(name: "PixelArt", path: "Sources/Tools/PixelArt", swiftSettings: settings),
        // Generates the world (Maps/world.tmj) in GameMap's model, and its tile sheets (Public/img/).
        .executableTarget(
            name: "mapgen", dependencies: ["PixelArt", "GameMap", "GameProtocol", "Support"],
            path: "Sources/Tools/mapgen", swiftSettings: settings),
        // Draws the character, mob, NPC, item and UI sprites (Public/img/sprites/, sprites.json).
        .executableTarget(
            name: "spritegen", dependencies: ["PixelArt", "Support"], path: "Sources/Tools/spritegen",
            swiftSettings: settings),

        // Test helpers shared by the integration tests: a hand-driven WebSocket client and HTTP response reader.
        .target(
            name: "TestSupport", dependencies: ["NetCore", "HTTP", "WebSocket", "Support"], path: "Tests/TestSupport",
            swiftSettings: settings),
        // A scratch schema on the test PostgreSQL server (WIREQUEST_TEST_POSTGRES), for the tests that need one.
        .target(
            name: "PostgresTestSupport", dependencies: ["PostgresStore", "Support"], path: "Tests/PostgresTestSupport",
            swiftSettings: settings),
        .testTarget(name: "SupportTests", dependencies: ["Support"], swiftSettings: settings),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Support"], swiftSettings: settings),
        .testTarget(name: "AdminTests", dependencies: ["Admin"], swiftSettings: settings),
        .testTarget(name: "NetCoreTests", dependencies: ["NetCore", "Support"], swiftSettings: settings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "CZlib", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "HTTP", "CZlib"], swiftSettings: settings),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "SQLiteStore", "PostgresStore", "PostgresTestSupport", "Support", "TestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "PostgresStoreTests", dependencies: ["PostgresStore", "PostgresTestSupport", "Storage", "Support"],
            swiftSettings: settings),
        .testTarget(
            name: "GameProtocolTests", dependencies: ["GameProtocol", "Support", "TestSupport"], swiftSettings: settings
        ),
        .testTarget(
            name: "GameMapTests", dependencies: ["GameMap", "GameProtocol", "Support", "TestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "WorldTests", dependencies: ["World", "GameMap", "GameProtocol", "Support", "TestSupport"],
            swiftSettings: settings),
        // A game server on a loopback port with a small map, for the GameServer and AdminService tests.
        .target(
            name: "GameTestSupport",
            dependencies: ["GameServer", "Web", "NetCore", "HTTP", "WebSocket", "Storage", "Support", "TestSupport"],
            path: "Tests/GameTestSupport", swiftSettings: settings),
        .testTarget(
            name: "GameServerTests",
            dependencies: [
                "GameServer", "GameTestSupport", "Bots", "Web", "NetCore", "WebSocket", "GameProtocol", "GameMap",
                "World", "Storage", "SQLiteStore", "PostgresStore", "PostgresTestSupport", "Support", "TestSupport",
                "HTTP",
            ],
            swiftSettings: settings),
        .testTarget(
            name: "AdminServiceTests",
            dependencies: [
                "AdminService", "GameServer", "GameTestSupport", "Admin", "NetCore", "GameProtocol", "World", "Storage",
                "SQLiteStore", "Support", "TestSupport", "HTTP",
            ],
            swiftSettings: settings),
        // A private redis-server per test (a child process on a free port), for the Redis and Cluster tests.
        .target(
            name: "RedisTestSupport", dependencies: ["NetCore"], path: "Tests/RedisTestSupport",
            swiftSettings: settings),
        .testTarget(
            name: "RedisTests", dependencies: ["Redis", "RedisTestSupport", "NetCore", "Support"],
            swiftSettings: settings),
        .testTarget(
            name: "ClusterTests", dependencies: ["Cluster", "Redis", "RedisTestSupport", "NetCore", "Support"],
            swiftSettings: settings),
        .testTarget(
            name: "WebTests", dependencies: ["Web", "NetCore", "HTTP", "WebSocket", "Support", "TestSupport"],
            swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)

/// Rules and limits of one world. Durations are in ticks: the world has no clock.
package struct WorldConfiguration: Sendable {
    /// Index of the world in its server (for logs and POPULATION).
    package var index = 0
    package var maxPlayers = 200
    /// Ticks per second (BrowserQuest: 50).
    package var tickRate = 50
    /// Every how many ticks the players' batches are handed over to be sent (1: every tick, as BrowserQuest). The
    /// world still steps every tick; a longer interval sends fewer, larger frames, which is most of what a player
    /// costs the server (one frame is one send and one receive in the kernel), at the price of up to
    /// `flushInterval - 1` ticks of added latency.
    package var flushInterval = 1
    package var zoneWidth = 28
    package var zoneHeight = 12
    /// Seed of the world's random number generator.
    package var seed: UInt64 = 0x5EED_CAFE_F00D
    /// BrowserQuest clients walk one tile per 120 ms; the server walks players at the same pace.
    package var walkMillisecondsPerTile = 120
    /// How far ahead of the server's position a client may claim to be when it asks to go through a door
    /// (latency allowance, in tiles).
    package var teleportSlack = 3
    /// Refused moves or teleports within `strikeWindow` that disconnect a player.
    package var maxStrikes = 10
    package var strikeWindowSeconds = 10
    /// A session is closed after this long without a message (BrowserQuest: 15 minutes), after a raw `timeout`.
    package var idleTimeoutSeconds = 15 * 60
    /// A connection must send HELLO within this time.
    package var helloTimeoutSeconds = 60
    package var maxNameLength = 15
    package var maxChatLength = 60
    /// Longest operator notice (``ServerMessage/notice(text:)``).
    package var maxNoticeLength = 200
    /// Chat rate limit: a burst of `chatBurst` messages, then one every `chatIntervalSeconds`.
    package var chatBurst = 5
    package var chatIntervalSeconds = 2
    /// A player whose lasting state changed is saved within this long (each player on its own phase, so saves spread
    /// over the ticks): the most a crash can lose. Zero turns periodic saves off (deaths and departures are still
    /// saved), for measuring what saving costs.
    package var saveIntervalMilliseconds = 500
    /// Whether saves carry where each player stands (a step makes a player due a save) and a character enters where
    /// it was saved rather than at its checkpoint. Off on a single server, as in BrowserQuest; a cluster turns it on
    /// so a player moved to another node (a drain, a crash) continues in the same place.
    package var keepsPosition = false
    /// Every player is saved at least this often, for its play time.
    package var heartbeatSaveSeconds = 60
    /// Most ids answered in one WHO (the rest are ignored).
    package var maxWhoAnswers = 256
    /// SPAWNs WHO answers per second per player, with `maxWhoAnswers` as the burst: a client entering a crowded
    /// zone gets everything it asks for, one asking over and over gets little (each answer is a whole SPAWN).
    package var whoAnswersPerSecond = 100

    package init() {}

    func ticks(seconds: Int) -> UInt64 { UInt64(seconds * tickRate) }

    /// Ticks a player needs per tile, rounded up so the server is never faster than a client.
    var ticksPerStep: Int { max(1, (walkMillisecondsPerTile * tickRate + 999) / 1000) }
}

/// Timers and constants of the combat and item rules (reference §3.3–3.9), in milliseconds or tiles.
package enum GameTimers {
    package static let mobRespawnMilliseconds = 30_000
    package static let staticItemRespawnMilliseconds = 30_000
    package static let droppedItemBlinkMilliseconds = 10_000
    package static let droppedItemLifetimeMilliseconds = 14_000
    /// BrowserQuest regenerates every 101 ticks of 20 ms.
    package static let regenerationMilliseconds = 2_020
    package static let firepotionMilliseconds = 15_000
    /// A mob whose hate list empties goes home after this long (1 s when its target died or left).
    package static let returnToSpawnMilliseconds = 4_000
    package static let returnAfterTargetLostMilliseconds = 1_000
    /// The player's weapon cooldown (BrowserQuest clients swing every 800 ms); HITs faster than this minus a
    /// jitter allowance are ignored.
    package static let playerAttackMilliseconds = 800
    package static let attackJitterMilliseconds = 150
    /// Mobs give up a chase this far (Chebyshev tiles) from their spawn point.
    package static let leashTiles = 50
    /// Hate a player earns by being noticed (BrowserQuest's AGGRO: 5).
    package static let aggroHate = 5
}

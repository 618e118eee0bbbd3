import Web
import World

/// How `wirequest serve` runs: the web side, the worlds, and the map they share.
package struct GameServerConfiguration: Sendable {
    package var web = WebServerConfiguration()
    /// The map every world loads: WireQuest's Tiled world or BrowserQuest's `world_server.json`.
    package var mapPath = "Maps/world.tmj"
    package var worlds = 5
    /// Whether saves carry where players stand and characters enter there (a shared store: a player moved to
    /// another node goes on in the same place); see `WorldConfiguration.keepsPosition`.
    package var keepsPositions: Bool {
        get { world.keepsPosition }
        set { world.keepsPosition = newValue }
    }
    package var playersPerWorld = 200
    package var tickRate = 50
    /// How often per second each player's batch leaves (at most the tick rate; rounded to whole ticks). A frame costs
    /// a send and a receive in the kernel whatever its size, so fewer, larger frames cost less per player; what answers
    /// a player's own request leaves at the end of its tick regardless (see `ClientMessage.awaitsAnswer`), so only
    /// other players' news waits, up to one flush period. 16.7 Hz (every 3rd tick at 50 Hz) was chosen by
    /// measurement: README, "Capacity".
    package var flushRate = 16.7
    /// Ticks between flushes: the tick rate over ``flushRate``, rounded.
    package var flushInterval: Int {
        max(1, Int((Double(tickRate) / min(max(flushRate, 0.001), Double(tickRate))).rounded()))
    }
    package var world = WorldConfiguration()
    /// A connection must say HELLO (or LOGIN) this soon after `go`; it holds no world place until it does.
    package var helloTimeout: Duration = .seconds(5)
    /// Messages per second per connection, by kind.
    package var messageLimits = MessageRateLimits()
    /// Where `/metrics` and `/status` are served instead of the public port (`--metrics-listen`); nil keeps them on
    /// the public port.
    package var metricsListen: (host: String, port: Int)?

    package init() {}
}

import Web
import World

/// How `wirequest serve` runs: the web side, the worlds, and the map they share.
package struct GameServerConfiguration: Sendable {
    package var web = WebServerConfiguration()
    /// The map every world loads: WireQuest's Tiled world or BrowserQuest's `world_server.json`.
    package var mapPath = "Maps/world.tmj"
    package var worlds = 5
    package var playersPerWorld = 200
    package var tickRate = 50
    package var world = WorldConfiguration()

    package init() {}
}

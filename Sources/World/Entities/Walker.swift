import GameMap
import GameProtocol

/// Something the server walks along a path, one tile per step: players and mobs alike.
package protocol Walker: AnyObject {
    var id: Int { get }
    var position: Tile { get set }
    var orientation: Orientation { get set }
    var zone: Int { get set }
    var path: [Tile] { get set }
    var pathIndex: Int { get set }
    var ticksIntoStep: Int { get set }
}

extension Walker {
    package var isWalking: Bool { pathIndex < path.count }

    /// The tile the walker is heading for, or where it stands.
    package var destination: Tile { isWalking ? path[path.count - 1] : position }

    func stopWalking() {
        // Not keeping the capacity: the next walk brings its own path, and an idle player holds no memory for one.
        path = []
        pathIndex = 0
        ticksIntoStep = 0
    }

    /// Starts along `newPath`; a step already under way keeps its progress, so re-clicking mid-step costs nothing.
    func follow(_ newPath: [Tile]) {
        let progress = isWalking ? ticksIntoStep : 0
        path = newPath
        pathIndex = 0
        ticksIntoStep = progress
    }

    /// One tick of walking at `ticksPerStep`; returns the tile entered, if a step completed.
    func advance(ticksPerStep: Int) -> Tile? {
        guard isWalking else { return nil }
        ticksIntoStep += 1
        guard ticksIntoStep >= ticksPerStep else { return nil }
        ticksIntoStep = 0
        let next = path[pathIndex]
        orientation = World.facing(from: position, to: next) ?? orientation
        position = next
        pathIndex += 1
        if !isWalking { stopWalking() }
        return next
    }
}

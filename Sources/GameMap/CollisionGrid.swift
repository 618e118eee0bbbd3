/// Which tiles block movement, one bit per tile.
package struct CollisionGrid: Sendable, Equatable {
    package let width: Int
    package let height: Int
    private var bits: [UInt64]

    /// A grid with every tile walkable.
    package init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a map has at least one tile")
        self.width = width
        self.height = height
        bits = [UInt64](repeating: 0, count: (width * height + 63) / 64)
    }

    /// Blocked (or outside the map).
    package func isBlocked(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return true }
        let index = y * width + x
        return bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    package mutating func setBlocked(x: Int, y: Int, _ blocked: Bool = true) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = y * width + x
        if blocked {
            bits[index >> 6] |= 1 << UInt64(index & 63)
        } else {
            bits[index >> 6] &= ~(1 << UInt64(index & 63))
        }
    }

    /// Number of blocked tiles.
    package var blockedCount: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast, seedable generator. It is the project's one source of
/// reproducible randomness: the world's rolls, the bots' choices, mapgen's terrain, client masking keys and the
/// randomised tests all draw from it, so a seed replays a run exactly.
///
/// Not for secrets: anything an attacker must not guess comes from the kernel (`getrandom`), not from here.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    // Inlinable: a WebSocket client draws one per frame it sends (its masking key).
    @inlinable
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's output function on its own: a fast, well-distributed 64-bit hash of `value` (mapgen's noise
    /// hashes coordinates with it).
    @inlinable
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

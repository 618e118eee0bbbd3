import Support

extension SplitMix64 {
    /// A uniform double in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }
}

/// Deterministic hash and value noise over integer and real coordinates.
struct Noise {
    let seed: UInt64

    /// A hash of (x, y, salt) in 0..<1.
    func hash(_ x: Int, _ y: Int, _ salt: UInt64 = 0) -> Double {
        var z = seed &+ UInt64(bitPattern: Int64(x)) &* 0x9E37_79B9_7F4A_7C15
        z ^= UInt64(bitPattern: Int64(y)) &* 0xC2B2_AE3D_27D4_EB4F
        z ^= salt &* 0x1656_67B1_9E37_79F9
        return Double(SplitMix64.mix(z) >> 11) / Double(1 << 53)
    }

    /// Smooth value noise in 0..<1 with features `scale` units apart.
    func value(_ x: Double, _ y: Double, scale: Double, salt: UInt64 = 0) -> Double {
        let fx = x / scale
        let fy = y / scale
        let ix = Int(fx.rounded(.down))
        let iy = Int(fy.rounded(.down))
        let tx = smooth(fx - Double(ix))
        let ty = smooth(fy - Double(iy))
        let a = hash(ix, iy, salt)
        let b = hash(ix + 1, iy, salt)
        let c = hash(ix, iy + 1, salt)
        let d = hash(ix + 1, iy + 1, salt)
        return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty
    }

    /// Fractal value noise (three octaves) in roughly 0…1.
    func fbm(_ x: Double, _ y: Double, scale: Double, salt: UInt64 = 0) -> Double {
        var total = 0.0
        var amplitude = 0.5
        var s = scale
        for octave in 0..<3 {
            total += amplitude * value(x, y, scale: s, salt: salt &+ UInt64(octave) &* 131)
            amplitude *= 0.5
            s /= 2
        }
        return total / 0.875
    }

    private func smooth(_ t: Double) -> Double { t * t * (3 - 2 * t) }
}

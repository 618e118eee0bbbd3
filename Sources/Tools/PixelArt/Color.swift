/// An 8-bit RGBA colour.
package struct Color: Equatable {
    package var r: UInt8
    package var g: UInt8
    package var b: UInt8
    package var a: UInt8

    /// From `0xRRGGBB`, opaque unless `alpha` says otherwise.
    package init(_ hex: UInt32, alpha: UInt8 = 255) {
        r = UInt8((hex >> 16) & 0xFF)
        g = UInt8((hex >> 8) & 0xFF)
        b = UInt8(hex & 0xFF)
        a = alpha
    }

    package init(r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    package static let clear = Color(0, alpha: 0)
    package static let outline = Color(0x1E_1A24)

    /// This colour with another alpha.
    package func alpha(_ value: UInt8) -> Color { Color(r: r, g: g, b: b, a: value) }

    /// Linear mix towards `other` by `t` (0…1), alpha included.
    package func mix(_ other: Color, _ t: Double) -> Color {
        func lerp(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Double(x) + (Double(y) - Double(x)) * t).rounded())))
        }
        return Color(r: lerp(r, other.r), g: lerp(g, other.g), b: lerp(b, other.b), a: lerp(a, other.a))
    }

    /// Darker (negative) or lighter (positive) by `amount` (−1…1), keeping alpha.
    package func shade(_ amount: Double) -> Color {
        let target = amount < 0 ? Color(0x10_0C18, alpha: a) : Color(0xFF_FFF4, alpha: a)
        return mix(target, abs(amount))
    }
}

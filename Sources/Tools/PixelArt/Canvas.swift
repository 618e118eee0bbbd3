/// An RGBA pixel buffer with the drawing operations the tile and sprite painters need. Writes outside clip silently.
package struct Canvas {
    package let width: Int
    package let height: Int
    package private(set) var pixels: [Color]

    package init(width: Int, height: Int, fill: Color = .clear) {
        self.width = width
        self.height = height
        pixels = [Color](repeating: fill, count: width * height)
    }

    package subscript(x: Int, y: Int) -> Color {
        get { x >= 0 && y >= 0 && x < width && y < height ? pixels[y * width + x] : .clear }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            pixels[y * width + x] = newValue
        }
    }

    /// Alpha-composites `color` over the pixel ("source over").
    package mutating func blend(_ x: Int, _ y: Int, _ color: Color) {
        guard x >= 0, y >= 0, x < width, y < height, color.a > 0 else { return }
        if color.a == 255 {
            pixels[y * width + x] = color
            return
        }
        let under = pixels[y * width + x]
        let sa = Double(color.a) / 255
        let da = Double(under.a) / 255
        let outA = sa + da * (1 - sa)
        func channel(_ s: UInt8, _ d: UInt8) -> UInt8 {
            UInt8(((Double(s) * sa + Double(d) * da * (1 - sa)) / outA).rounded())
        }
        pixels[y * width + x] = Color(
            r: channel(color.r, under.r), g: channel(color.g, under.g), b: channel(color.b, under.b),
            a: UInt8((outA * 255).rounded()))
    }

    package mutating func fill(_ color: Color) {
        for i in pixels.indices { pixels[i] = color }
    }

    package mutating func rect(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ color: Color) {
        for py in y..<(y + h) {
            for px in x..<(x + w) { blend(px, py, color) }
        }
    }

    /// A one-pixel rectangle outline.
    package mutating func frame(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ color: Color) {
        hline(x, x + w - 1, y, color)
        hline(x, x + w - 1, y + h - 1, color)
        vline(x, y, y + h - 1, color)
        vline(x + w - 1, y, y + h - 1, color)
    }

    package mutating func hline(_ x0: Int, _ x1: Int, _ y: Int, _ color: Color) {
        guard x0 <= x1 else { return }
        for x in x0...x1 { blend(x, y, color) }
    }

    package mutating func vline(_ x: Int, _ y0: Int, _ y1: Int, _ color: Color) {
        guard y0 <= y1 else { return }
        for y in y0...y1 { blend(x, y, color) }
    }

    /// A filled ellipse centred at (cx, cy) (half-pixel coordinates allowed) with radii rx, ry.
    package mutating func ellipse(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, _ color: Color) {
        let x0 = Int((cx - rx).rounded(.down))
        let x1 = Int((cx + rx).rounded(.up))
        let y0 = Int((cy - ry).rounded(.down))
        let y1 = Int((cy + ry).rounded(.up))
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = (Double(x) + 0.5 - cx) / rx
                let dy = (Double(y) + 0.5 - cy) / ry
                if dx * dx + dy * dy <= 1 { blend(x, y, color) }
            }
        }
    }

    /// A line by Bresenham's algorithm, blended onto the canvas.
    package mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ color: Color) {
        Self.bresenham(x0, y0, x1, y1) { x, y in blend(x, y, color) }
    }

    /// A line drawn with a square `brush`×`brush` pen whose top-left corner follows the line; the pen's pixels are
    /// replaced, not blended.
    package mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, brush: Int, _ color: Color) {
        Self.bresenham(x0, y0, x1, y1) { x, y in
            for oy in 0..<brush {
                for ox in 0..<brush { self[x + ox, y + oy] = color }
            }
        }
    }

    /// Visits every pixel of the line from (x0, y0) to (x1, y1), both ends included (Bresenham's algorithm).
    private static func bresenham(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ visit: (Int, Int) -> Void) {
        var x = x0
        var y = y0
        let dx = abs(x1 - x0)
        let dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1
        let sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            visit(x, y)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x += sx
            }
            if e2 <= dx {
                err += dx
                y += sy
            }
        }
    }

    /// Draws a dark outline around every opaque shape: transparent pixels next to opaque ones get `color`.
    package mutating func outlineShapes(_ color: Color = .outline) {
        let copy = pixels
        for y in 0..<height {
            for x in 0..<width where copy[y * width + x].a < 128 {
                var near = false
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] {
                    guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                    if copy[ny * width + nx].a >= 128 { near = true }
                }
                if near { pixels[y * width + x] = color }
            }
        }
    }

    /// Copies `source` onto this canvas at (x, y), compositing.
    package mutating func draw(_ source: Canvas, atX x: Int, y: Int) {
        for sy in 0..<source.height {
            for sx in 0..<source.width { blend(x + sx, y + sy, source[sx, sy]) }
        }
    }

    /// A sub-image.
    package func crop(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> Canvas {
        var out = Canvas(width: w, height: h)
        for py in 0..<h {
            for px in 0..<w { out[px, py] = self[x + px, y + py] }
        }
        return out
    }

    /// Mirrored left to right.
    package func flippedHorizontally() -> Canvas {
        var out = Canvas(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width { out[width - 1 - x, y] = self[x, y] }
        }
        return out
    }

    /// Scaled by an integer factor with nearest-neighbour sampling (for previews).
    package func downscaled(by factor: Int) -> Canvas {
        var out = Canvas(width: width / factor, height: height / factor)
        for y in 0..<out.height {
            for x in 0..<out.width {
                var r = 0
                var g = 0
                var b = 0
                for sy in 0..<factor {
                    for sx in 0..<factor {
                        let c = self[x * factor + sx, y * factor + sy]
                        r += Int(c.r)
                        g += Int(c.g)
                        b += Int(c.b)
                    }
                }
                let n = factor * factor
                out[x, y] = Color(r: UInt8(r / n), g: UInt8(g / n), b: UInt8(b / n), a: 255)
            }
        }
        return out
    }

    /// Enlarged by an integer factor (nearest neighbour), on an opaque checkerboard so transparency shows.
    package func upscaled(by factor: Int) -> Canvas {
        var out = Canvas(width: width * factor, height: height * factor)
        for y in 0..<out.height {
            for x in 0..<out.width {
                let checker = ((x / 8) + (y / 8)) % 2 == 0 ? Color(0xFF_00FF) : Color(0xC0_00C0)
                out[x, y] = checker
                out.blend(x, y, self[x / factor, y / factor])
            }
        }
        return out
    }

    /// The pixels as RGBA bytes, for the PNG encoder.
    package var rgbaBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pixels.count * 4)
        for p in pixels { bytes += [p.r, p.g, p.b, p.a] }
        return bytes
    }
}

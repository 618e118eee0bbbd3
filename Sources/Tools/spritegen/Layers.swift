import PixelArt

/// A pixel position.
struct Point: Equatable {
    var x: Int
    var y: Int

    init(_ x: Int, _ y: Int) {
        self.x = x
        self.y = y
    }

    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    static func * (a: Point, k: Int) -> Point { Point(a.x * k, a.y * k) }
}

extension Canvas {
    func isOpaque(_ x: Int, _ y: Int) -> Bool { self[x, y].a >= 128 }

    mutating func set(_ x: Int, _ y: Int, _ color: Color) { blend(x, y, color) }

    mutating func set(_ p: Point, _ color: Color) { blend(p.x, p.y, color) }

    /// A filled rectangle with its corners rounded off by `radius` pixels.
    mutating func roundRect(_ x: Int, _ y: Int, _ w: Int, _ h: Int, radius: Int, _ color: Color) {
        for row in 0..<h {
            let fromEdge = min(row, h - 1 - row)
            var inset = 0
            if fromEdge < radius {
                let d = Double(radius - fromEdge) - 0.5
                let r = Double(radius)
                inset = radius - Int((r * r - d * d).squareRoot().rounded())
            }
            hline(x + inset, x + w - 1 - inset, y + row, color)
        }
    }

    /// A line drawn with a square `size`×`size` brush (its top-left corner follows the line).
    mutating func thickLine(_ a: Point, _ b: Point, size: Int, _ color: Color) {
        line(a.x, a.y, b.x, b.y, brush: size, color)
    }

    /// Filled polygon (even-odd rule, pixel centres).
    mutating func polygon(_ points: [(Double, Double)], _ color: Color) {
        guard let minY = points.map(\.1).min(), let maxY = points.map(\.1).max() else { return }
        for y in Int(minY.rounded(.down))...Int(maxY.rounded(.up)) {
            let fy = Double(y) + 0.5
            var xs: [Double] = []
            for i in points.indices {
                let (x0, y0) = points[i]
                let (x1, y1) = points[(i + 1) % points.count]
                if (y0 <= fy && y1 > fy) || (y1 <= fy && y0 > fy) {
                    xs.append(x0 + (fy - y0) / (y1 - y0) * (x1 - x0))
                }
            }
            xs.sort()
            var i = 0
            while i + 1 < xs.count {
                let from = Int((xs[i] - 0.5).rounded(.up))
                let to = Int((xs[i + 1] - 0.5).rounded(.down))
                if from <= to { hline(from, to, y, color) }
                i += 2
            }
        }
    }

    /// Light from the top left: opaque pixels on a shape's right or bottom edge darken, top and left edges lighten.
    mutating func bevel(light: Double = 0.14, dark: Double = 0.22) {
        let copy = self
        for y in 0..<height {
            for x in 0..<width where copy.isOpaque(x, y) {
                var amount = 0.0
                if !copy.isOpaque(x + 1, y) { amount -= dark }
                if !copy.isOpaque(x, y + 1) { amount -= dark * 0.8 }
                if !copy.isOpaque(x - 1, y) { amount += light }
                if !copy.isOpaque(x, y - 1) { amount += light * 0.8 }
                if amount != 0 { self[x, y] = copy[x, y].shade(max(-0.4, min(0.3, amount))) }
            }
        }
    }

    /// Every opaque pixel recoloured by `transform`.
    mutating func recolor(_ transform: (Color) -> Color) {
        for y in 0..<height {
            for x in 0..<width where self[x, y].a > 0 { self[x, y] = transform(self[x, y]) }
        }
    }

    /// Moved by (dx, dy); what leaves the canvas is lost.
    func shifted(_ dx: Int, _ dy: Int) -> Canvas {
        var out = Canvas(width: width, height: height)
        out.draw(self, atX: dx, y: dy)
        return out
    }

    /// Opacity multiplied by `factor`.
    mutating func fade(_ factor: Double) {
        for y in 0..<height {
            for x in 0..<width where self[x, y].a > 0 {
                let c = self[x, y]
                self[x, y] = c.alpha(UInt8((Double(c.a) * factor).rounded()))
            }
        }
    }
}

/// A figure built from parts: each part is a layer composited over the ones before it, and where a part's edge
/// crosses an earlier part a darker line of the part's own colour separates them. `finish()` adds the dark
/// silhouette outline the tile sheet uses.
struct Figure {
    var canvas: Canvas

    init(width: Int, height: Int) { canvas = Canvas(width: width, height: height) }

    /// A new empty layer of the figure's size.
    func layer() -> Canvas { Canvas(width: canvas.width, height: canvas.height) }

    /// Composites `part`; `lines` draws separation lines where it overlaps what is already there.
    mutating func add(_ part: Canvas, lines: Bool = true, bevel: Bool = true, lineShade: Double = -0.5) {
        var part = part
        if bevel { part.bevel() }
        if lines {
            for y in 0..<canvas.height {
                for x in 0..<canvas.width where !part.isOpaque(x, y) && canvas.isOpaque(x, y) {
                    for (nx, ny) in [(x, y - 1), (x - 1, y), (x + 1, y), (x, y + 1)] where part.isOpaque(nx, ny) {
                        canvas[x, y] = part[nx, ny].shade(lineShade).alpha(255)
                        break
                    }
                }
            }
        }
        canvas.draw(part, atX: 0, y: 0)
    }

    /// Draws a part painted by `paint` on a fresh layer.
    mutating func part(lines: Bool = true, bevel: Bool = true, _ paint: (inout Canvas) -> Void) {
        var l = layer()
        paint(&l)
        add(l, lines: lines, bevel: bevel)
    }

    mutating func finish(outline: Color = .outline) -> Canvas {
        canvas.outlineShapes(outline)
        return canvas
    }
}

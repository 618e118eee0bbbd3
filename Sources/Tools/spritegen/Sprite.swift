import PixelArt

/// One named sprite sheet: equally sized frames, one animation per row, as the manifest describes it.
struct Sprite {
    struct Animation {
        var name: String
        var speed: Int
        var frames: [Canvas]
    }

    var name: String
    var width: Int
    var height: Int
    var offsetX: Int
    var offsetY: Int
    var animations: [Animation] = []
    /// Extra manifest fields (numbers only), e.g. the bubble's nine-slice border.
    var extras: [(key: String, value: Int)] = []

    /// A frame of `width`×`height` standing on its tile: centred horizontally, bottom edge on the tile's bottom.
    init(name: String, width: Int, height: Int) {
        self.init(name: name, width: width, height: height, offsetX: -(width - 16) / 2, offsetY: -(height - 16))
    }

    init(name: String, width: Int, height: Int, offsetX: Int, offsetY: Int) {
        self.name = name
        self.width = width
        self.height = height
        self.offsetX = offsetX
        self.offsetY = offsetY
    }

    mutating func add(_ name: String, speed: Int, _ frames: [Canvas]) {
        precondition(!frames.isEmpty, "\(self.name).\(name) has no frames")
        for frame in frames {
            precondition(frame.width == width && frame.height == height, "\(self.name).\(name): wrong frame size")
        }
        precondition(!animations.contains { $0.name == name }, "\(self.name).\(name) added twice")
        animations.append(Animation(name: name, speed: speed, frames: frames))
    }

    /// Adds `count` frames painted by `paint(frameIndex, &canvas)`.
    mutating func add(_ name: String, speed: Int, count: Int, paint: (Int, inout Canvas) -> Void) {
        let frames = (0..<count).map { index in
            var canvas = Canvas(width: width, height: height)
            paint(index, &canvas)
            return canvas
        }
        add(name, speed: speed, frames)
    }

    /// The sheet: row `i` holds animation `i`, frames left to right.
    func render() -> Canvas {
        let columns = animations.map(\.frames.count).max() ?? 1
        var sheet = Canvas(width: columns * width, height: max(1, animations.count) * height)
        for (row, animation) in animations.enumerated() {
            for (column, frame) in animation.frames.enumerated() {
                sheet.draw(frame, atX: column * width, y: row * height)
            }
        }
        return sheet
    }

    /// This sprite's entry in `sprites.json`.
    func manifestEntry(indent: String) -> String {
        var lines: [String] = []
        lines.append("\(indent)\"\(name)\": {")
        lines.append("\(indent)  \"image\": \"img/sprites/\(name).png\",")
        var header =
            "\(indent)  \"width\": \(width), \"height\": \(height), \"offsetX\": \(offsetX), \"offsetY\": \(offsetY),"
        for (key, value) in extras { header += " \"\(key)\": \(value)," }
        lines.append(header)
        lines.append("\(indent)  \"animations\": {")
        for (row, animation) in animations.enumerated() {
            let comma = row == animations.count - 1 ? "" : ","
            lines.append(
                "\(indent)    \"\(animation.name)\": {\"row\": \(row), \"length\": \(animation.frames.count), "
                    + "\"speed\": \(animation.speed)}\(comma)")
        }
        lines.append("\(indent)  }")
        lines.append("\(indent)}")
        return lines.joined(separator: "\n")
    }

    static func manifest(_ sprites: [Sprite]) -> String {
        var out = "{\n  \"tileSize\": 16,\n  \"sprites\": {\n"
        out += sprites.map { $0.manifestEntry(indent: "    ") }.joined(separator: ",\n")
        out += "\n  }\n}\n"
        return out
    }
}

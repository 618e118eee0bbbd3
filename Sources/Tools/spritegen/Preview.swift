import PixelArt
import Support

/// Enlarged contact sheets for looking at the sprites (not shipped).
enum Preview {
    static let background = Color(0x5A_8C48)

    /// Every sprite's sheet at 3×, grouped, plus each body wearing each weapon.
    static func write(_ sprites: [Sprite], to dir: String) throws {
        let byName = Dictionary(sprites.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let groups: [(String, [String])] = [
            ("armors", Armors.kinds),
            ("mobs", Mobs.kinds),
            ("npcs", NPCs.kinds),
            ("items", sprites.map(\.name).filter { $0.hasPrefix("item-") } + ["chest"]),
            ("effects", Effects.names),
        ]
        for (group, names) in groups {
            let sheets = names.compactMap { byName[$0] }
            try writeFile(stack(sheets.map { $0.render() }, scale: 3).pngBytes, to: "\(dir)/\(group).png")
        }
        // Bodies with weapons: each body's sheet with a different weapon drawn over it.
        var combos: [Canvas] = []
        for (i, armor) in Armors.kinds.enumerated() {
            guard let body = byName[armor] else { continue }
            let weapon = byName[WeaponSpec.playerKinds[i % WeaponSpec.playerKinds.count]]!
            var sheet = body.render()
            sheet.draw(weapon.render(), atX: 0, y: 0)
            combos.append(sheet)
        }
        try writeFile(stack(combos, scale: 3, columns: 4).pngBytes, to: "\(dir)/armed.png")
    }

    /// Sheets laid out left to right in `columns`, wrapping, enlarged by `scale`, on the grass colour.
    static func stack(_ sheets: [Canvas], scale: Int, columns: Int = 1, gap: Int = 4) -> Canvas {
        guard !sheets.isEmpty else { return Canvas(width: 1, height: 1) }
        var rows: [[Canvas]] = []
        var current: [Canvas] = []
        var width = 0
        for sheet in sheets {
            let rowWidth = current.reduce(0) { $0 + $1.width + gap } + sheet.width
            if !current.isEmpty && (current.count >= columns || rowWidth > 520) {
                rows.append(current)
                current = []
            }
            current.append(sheet)
        }
        rows.append(current)
        for row in rows { width = max(width, row.reduce(0) { $0 + $1.width + gap }) }
        let height = rows.reduce(0) { $0 + ($1.map(\.height).max() ?? 0) + gap }
        var canvas = Canvas(width: width, height: height, fill: background)
        var y = 0
        for row in rows {
            var x = 0
            for sheet in row {
                canvas.draw(sheet, atX: x, y: y)
                x += sheet.width + gap
            }
            y += (row.map(\.height).max() ?? 0) + gap
        }
        var big = Canvas(width: width * scale, height: height * scale)
        for py in 0..<big.height {
            for px in 0..<big.width { big[px, py] = canvas[px / scale, py / scale] }
        }
        return big
    }
}

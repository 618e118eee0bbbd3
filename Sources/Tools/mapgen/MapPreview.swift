import GameMap
import GameProtocol
import PixelArt

/// Renders the map as the game would draw it (first animation frame), with entity icons, for eyeballing.
enum MapPreview {
    static func render(_ map: WorldMap, atlas: TileAtlas, region: TileRect? = nil) -> Canvas {
        let area = region ?? TileRect(x: 0, y: 0, width: map.width, height: map.height)
        let mobs = MobIcons.render()
        var canvas = Canvas(width: area.width * 16, height: area.height * 16, fill: Color(0x00_0000))
        for y in area.y..<(area.y + area.height) {
            for x in area.x..<(area.x + area.width) {
                let px = (x - area.x) * 16
                let py = (y - area.y) * 16
                for layer in Layer.allCases {
                    let id = map.tile(layer, x, y)
                    if id >= 0 { canvas.draw(atlas.definition(id).image, atX: px, y: py) }
                }
                if let kind = map.entity(x, y) {
                    let index = MobIcons.index(of: kind.name)
                    let icon = mobs.crop((index % MobIcons.columns) * 16, (index / MobIcons.columns) * 16, 16, 16)
                    canvas.draw(icon, atX: px, y: py)
                }
            }
        }
        return canvas
    }
}

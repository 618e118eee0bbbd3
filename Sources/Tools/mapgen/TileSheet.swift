import PixelArt

/// Assembles the whole terrain tile sheet (`tilesheet` in the map) in a fixed order, so tile ids are stable.
enum TileSheet {
    static func build(noise: Noise) -> TileAtlas {
        var atlas = TileAtlas()
        TerrainTiles.register(into: &atlas, noise: noise)
        NatureTiles.register(into: &atlas, noise: noise)
        BuildingTiles.register(into: &atlas)
        InteriorTiles.register(into: &atlas)
        // The blocking layer's invisible wall: a faint red cross, visible only in the editor.
        atlas.add("block", collides: true) { canvas in
            canvas.line(2, 2, 13, 13, Color(0xE0_3030, alpha: 110))
            canvas.line(13, 2, 2, 13, Color(0xE0_3030, alpha: 110))
        }
        return atlas
    }
}

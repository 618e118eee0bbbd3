import GameMap
import Testing
import World

struct ZoneGridTests {
    @Test func coversTheWholeMapWithCeilingDivision() {
        let map = TileMap(width: 172, height: 314)
        let grid = ZoneGrid(map: map)
        #expect(grid.columns == 7)  // BrowserQuest's floor division gave 6 and left x ≥ 168 in no group
        #expect(grid.rows == 27)
        #expect(grid.zone(x: 171, y: 313) == grid.zoneCount - 1)
    }

    @Test func neighbourhoodIsTheClippedThreeByThreeBlock() {
        let grid = ZoneGrid(map: TileMap(width: 112, height: 48))
        #expect(grid.neighbourhood(of: 0) == [0, 1, 4, 5])
        #expect(grid.neighbourhood(of: 5) == [0, 1, 2, 4, 5, 6, 8, 9, 10])
    }

    @Test func doorsLinkZonesBothWaysEvenInTheSameColumn() {
        var map = TileMap(width: 112, height: 48)
        // Same column, three rows apart: BrowserQuest's comparison bug dropped exactly this kind of link.
        map.doors = [Door(x: 1, y: 1, destinationX: 1, destinationY: 40)]
        let grid = ZoneGrid(map: map)
        let top = grid.zone(x: 1, y: 1)
        let bottom = grid.zone(x: 1, y: 40)
        #expect(grid.isVisible(bottom, from: top))
        #expect(grid.isVisible(top, from: bottom))
    }
}

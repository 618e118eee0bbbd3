import GameMap
import GameProtocol

/// The starting village: a cobbled plaza with a fountain, houses around it (each with a door to an interior),
/// lanes to their doors, a fence with three gates, lamps, wells and market clutter.
extension WorldBuilder {
    /// A house on the overworld and the room it leads to.
    struct House {
        var name: String
        var x: Int
        var y: Int
        var width: Int
        var roof: String
        var roomWidth: Int
        var roomHeight: Int

        static let height = 5
        var doorX: Int { x + width / 2 }
        var doorY: Int { y + Self.height - 1 }
    }

    static let houses = [
        House(name: "hall", x: 59, y: 92, width: 8, roof: "red", roomWidth: 14, roomHeight: 8),
        House(name: "chapel", x: 78, y: 95, width: 6, roof: "blue", roomWidth: 10, roomHeight: 8),
        House(name: "home1", x: 48, y: 103, width: 5, roof: "green", roomWidth: 8, roomHeight: 6),
        House(name: "lab", x: 89, y: 103, width: 6, roof: "blue", roomWidth: 10, roomHeight: 6),
        House(name: "home2", x: 47, y: 117, width: 6, roof: "red", roomWidth: 8, roomHeight: 6),
        House(name: "smithy", x: 87, y: 120, width: 6, roof: "green", roomWidth: 9, roomHeight: 6),
        House(name: "inn", x: 55, y: 125, width: 7, roof: "red", roomWidth: 12, roomHeight: 7),
        House(name: "home3", x: 79, y: 128, width: 5, roof: "blue", roomWidth: 8, roomHeight: 6),
    ]
    static let plaza = (x: 72.0, y: 114.0, rx: 12.5, ry: 7.0)
    static let fence = (x0: 42, y0: 88, x1: 102, y1: 137)

    mutating func shapeVillageGround() {
        for y in 100...130 {
            for x in 55...90 {
                let dx = (Double(x) - Self.plaza.x) / Self.plaza.rx
                let dy = (Double(y) - Self.plaza.y) / Self.plaza.ry
                if dx * dx + dy * dy <= 1 { map.setCorner(x, y, .cobble) }
            }
        }
        for house in Self.houses {
            let front = (Double(house.doorX) + 0.5, Double(house.doorY) + 1.5)
            let down = (front.0, front.1 + 1.5)
            let target = nearestPlazaPoint(to: down)
            forCorners(near: [front, down, target], radius: 0.7) { x, y, _ in
                if map.corner(x, y) != .dirt { map.setCorner(x, y, .cobble) }
            }
        }
    }

    private func nearestPlazaPoint(to point: (Double, Double)) -> (Double, Double) {
        let dx = point.0 - Self.plaza.x
        let dy = point.1 - Self.plaza.y
        let scale =
            1
            / ((dx * dx) / (Self.plaza.rx * Self.plaza.rx) + (dy * dy) / (Self.plaza.ry * Self.plaza.ry))
            .squareRoot()
        return (Self.plaza.x + dx * scale * 0.9, Self.plaza.y + dy * scale * 0.9)
    }

    mutating func buildVillage() {
        for house in Self.houses { stampHouse(house) }
        stamp("fountain", x: 71, y: 113, columns: 2, rows: 2)
        stamp("well", x: 54, y: 111, columns: 1, rows: 2)
        stamp("well", x: 84, y: 132, columns: 1, rows: 2)
        for (x, y) in [(66, 108), (78, 108), (65, 119), (79, 119), (70, 99), (75, 99), (99, 113), (69, 133)] {
            stamp("lamp", x: x, y: y, columns: 1, rows: 2)
        }
        for (name, x, y) in [
            ("barrel", 62, 110), ("barrel", 62, 111), ("crate", 63, 110), ("crate", 82, 117), ("barrel", 83, 117),
            ("haystack", 96, 128), ("haystack", 97, 129), ("crate", 95, 110), ("barrel", 53, 124), ("sign", 74, 91),
            ("sign", 100, 118), ("sign", 74, 136), ("crate", 85, 110), ("barrel", 86, 110),
        ] where map.isFree(x, y) && map.isWalkable(x, y) {
            map.setTile(.objects, x, y, id(name))
        }
        buildFence()
    }

    private mutating func stampHouse(_ house: House) {
        for row in 0..<House.height {
            for column in 0..<house.width {
                let x = house.x + column
                let y = house.y + row
                let side = column == 0 ? "l" : column == house.width - 1 ? "r" : "m"
                let name: String
                switch row {
                case 0, 1, 2: name = "roof.\(house.roof).\(row).\(side)"
                case 3:
                    if x == house.doorX {
                        name = "wall.lintel"
                    } else if side == "m" && abs(x - house.doorX) == 2 {
                        name = "wall.window"
                    } else {
                        name = "wall.0.\(side)"
                    }
                default: name = x == house.doorX ? "wall.door" : "wall.1.\(side)"
                }
                map.setTile(row == 0 ? .above : .objects, x, y, id(name))
                map.setTile(.detail, x, y, -1)
            }
        }
    }

    /// Stamps a multi-tile picture: the top row goes to `above` when the picture is taller than one tile.
    mutating func stamp(_ name: String, x: Int, y: Int, columns: Int, rows: Int) {
        for row in 0..<rows {
            for column in 0..<columns {
                let layer: Layer = rows > 1 && row == 0 && name != "fountain" ? .above : .objects
                map.setTile(layer, x + column, y + row, id("\(name).\(column).\(row)"))
            }
        }
    }

    private mutating func buildFence() {
        let (x0, y0, x1, y1) = Self.fence
        var cells: [(Int, Int, String)] = []
        for x in x0...x1 {
            cells.append((x, y0, x == x0 || x == x1 ? "fence.post" : "fence.h"))
            cells.append((x, y1, x == x0 || x == x1 ? "fence.post" : "fence.h"))
        }
        for y in (y0 + 1)..<y1 {
            cells.append((x0, y, "fence.v"))
            cells.append((x1, y, "fence.v"))
        }
        for (x, y, name) in cells {
            let corners = map.tileCorners(x, y)
            // Roads leave gaps: no fence on a tile touching a road, water or sand.
            let open = corners.allSatisfy { $0 == .grass }
            if open && map.isFree(x, y) && map.isWalkable(x, y) { map.setTile(.objects, x, y, id(name)) }
        }
    }
}

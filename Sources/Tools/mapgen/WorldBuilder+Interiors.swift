import GameMap
import GameProtocol

/// Interiors live in the walled-off south of the map (rows from `interiorStart`), as BrowserQuest's did: house
/// rooms in a row along the top, caves and dungeons below and to the right, each reachable only through its door.
extension WorldBuilder {
    /// A cave or dungeon carved into the interior region as chambers joined by tunnels.
    struct Cave {
        var gate: String
        var floor: Terrain
        var exitX: Int
        var exitY: Int
        var chambers: [(x: Double, y: Double, r: Double)]
        var lavaPools = false
    }

    static let roomTop = interiorStart + 2

    static let caves = [
        Cave(
            gate: "forestcave", floor: .cavefloor, exitX: 30, exitY: 196,
            chambers: [
                (30, 192, 3), (20, 188, 5), (9, 190, 3.5), (11, 183, 3.5), (26, 183.5, 4), (41, 187, 5),
                (53, 184, 4), (52, 193, 3.5),
            ]),
        Cave(
            gate: "crypt", floor: .cobble, exitX: 84, exitY: 196,
            chambers: [(84, 192, 3), (84, 186, 4.5), (72, 186, 4), (70, 193, 3), (96, 186, 4), (98, 193, 3)]),
        Cave(
            gate: "icecave", floor: .snow, exitX: 129, exitY: 179,
            chambers: [(129, 175, 3), (120, 172, 4.5), (112, 171, 3), (138, 171, 4.5), (146, 175, 3)]),
        Cave(
            gate: "tomb", floor: .sand, exitX: 129, exitY: 196,
            chambers: [(129, 192, 3), (129, 187, 4), (118, 186, 4), (111, 192, 3), (140, 186, 4), (146, 192, 3.5)]
        ),
        Cave(
            gate: "lair", floor: .ash, exitX: 175, exitY: 196,
            chambers: [
                (175, 192, 3), (166, 187, 4.5), (160, 179, 4), (168, 172, 4.5), (181, 171, 4), (189, 178, 4),
                (186, 189, 6),
            ], lavaPools: true),
    ]

    /// The room of each house: top-left corner of its wall ring, packed left to right.
    static var roomOrigins: [(x: Int, y: Int)] {
        var x = 2
        return houses.map { house in
            defer { x += house.roomWidth + 3 }
            return (x, roomTop)
        }
    }

    mutating func shapeInteriorCaves() {
        for cave in Self.caves {
            let line = [(Double(cave.exitX) + 0.5, Double(cave.exitY) + 1)] + cave.chambers.map { ($0.x, $0.y) }
            let minX = Int(cave.chambers.map { $0.x - $0.r }.min()!) - 4
            let maxX = Int(cave.chambers.map { $0.x + $0.r }.max()!) + 4
            let minY = Int(cave.chambers.map { $0.y - $0.r }.min()!) - 4
            let maxY = cave.exitY + 3
            var floor = Set<Int>()
            for y in minY...maxY {
                for x in minX...maxX {
                    let fx = Double(x)
                    let fy = Double(y)
                    let wobble = (noise.value(fx, fy, scale: 2.5, salt: 51) - 0.5) * 1.6
                    let inChamber = cave.chambers.contains { c in
                        ((fx - c.x) * (fx - c.x) + (fy - c.y) * (fy - c.y)).squareRoot() < c.r + wobble
                    }
                    let tunnel = Self.distance(fx, fy, toPolyline: line)
                    if (inChamber || tunnel < 1.6) && y <= cave.exitY + 1 {
                        floor.insert(y * (map.width + 1) + x)
                        let lava = cave.lavaPools && tunnel > 2.4 && noise.fbm(fx, fy, scale: 4, salt: 52) > 0.6
                        map.setCorner(x, y, lava ? .lava : cave.floor)
                    }
                }
            }
            for y in (minY - 2)...(maxY + 2) {
                for x in (minX - 2)...(maxX + 2) where !floor.contains(y * (map.width + 1) + x) {
                    var near = false
                    for dy in -2...2 {
                        for dx in -2...2 where floor.contains((y + dy) * (map.width + 1) + x + dx) { near = true }
                    }
                    if near { map.setCorner(x, y, .rock) }
                }
            }
        }
    }

    /// Builds the house rooms and links every door: houses to rooms, gates to caves, and back.
    mutating func buildHouseInteriors() {
        for (house, origin) in zip(Self.houses, Self.roomOrigins) {
            let exit = buildRoom(house, x: origin.x, y: origin.y)
            linkDoors(outsideX: house.doorX, outsideY: house.doorY, insideX: exit.x, insideY: exit.y)
        }
        for cave in Self.caves {
            guard let gate = Self.gates.first(where: { $0.name == cave.gate }) else { continue }
            map.overrideGround(cave.exitX, cave.exitY, id("stairs.up"))
            linkDoors(outsideX: gate.x, outsideY: gate.y, insideX: cave.exitX, insideY: cave.exitY)
        }
    }

    /// A door on the outside tile leading in above the inside exit tile, and the exit leading back out below the
    /// outside door.
    mutating func linkDoors(outsideX: Int, outsideY: Int, insideX: Int, insideY: Int) {
        map.model.doors.append(door(x: outsideX, y: outsideY, tx: insideX, ty: insideY - 1, facing: .up))
        map.model.doors.append(door(x: insideX, y: insideY, tx: outsideX, ty: outsideY + 1, facing: .down))
        for (x, y) in [(outsideX, outsideY), (insideX, insideY - 1), (insideX, insideY), (outsideX, outsideY + 1)] {
            reserve(x, y)
        }
    }

    func door(x: Int, y: Int, tx: Int, ty: Int, facing: Orientation, portal: Bool = false) -> Door {
        Door(x: x, y: y, destinationX: tx, destinationY: ty, orientation: facing, isPortal: portal)
    }

    /// Walls, floor, exit and furniture of one house room; returns the exit tile.
    private mutating func buildRoom(_ house: House, x rx: Int, y ry: Int) -> (x: Int, y: Int) {
        let w = house.roomWidth
        let h = house.roomHeight
        let floorName = house.name == "chapel" || house.name == "lab" ? "floor.tiles" : "floor.wood"
        for y in ry..<(ry + h + 3) {
            for x in rx..<(rx + w + 2) {
                let edge = x == rx || x == rx + w + 1 || y == ry || y == ry + h + 2
                let name: String
                if edge {
                    name = "iwall.cap"
                } else if y == ry + 1 {
                    name = "iwall.face"
                } else {
                    name = floorName == "floor.wood" ? "floor.wood.\((x + y) % 3 == 0 ? 1 : 0)" : floorName
                }
                map.overrideGround(x, y, id(name))
            }
        }
        let exit = (x: rx + 1 + w / 2, y: ry + h + 2)
        map.overrideGround(exit.x, exit.y, id("iwall.exit"))
        furnish(house.name, fx: rx + 1, fy: ry + 2, w: w, h: h, exitX: exit.x)
        return exit
    }
}

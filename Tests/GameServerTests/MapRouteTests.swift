import GameServer
import GameTestSupport
import Glibc
import HTTP
import Support
import Testing
import Web

/// The server tells the browser which map it plays (`/world.json`) and serves that file, wherever `--map` is.
struct MapRouteTests {
    @Test func aMapOutsideTheMapsDirectoryIsServedAtTheFixedRoute() throws {
        let game = try TestGame()
        defer { game.stop() }
        let described = try JSONParser.parse(try game.get("/world.json"))
        #expect(described.object?["map"]?.string == "/world/map")
        #expect(described.object?["width"]?.int == 40)
        #expect(described.object?["height"]?.int == 20)
        let (head, body) = try game.response("/world/map")
        #expect(head.status.code == 200)
        let file = try readFile(game.directory + "/map.json")
        #expect(Array(body.utf8) == file)
        // One file, never its directory: the rest of the map's directory stays out of reach.
        #expect(try game.response("/world/map.json").head.status.code == 404)
    }

    @Test func aMapInsideTheMapsDirectoryIsServedFromIt() throws {
        let game = try TestGame { configuration in
            let directory = String(configuration.mapPath.dropLast("map.json".count))
            configuration.web.staticMounts = [.init(urlPrefix: "/maps/", directory: directory)]
        }
        defer { game.stop() }
        let described = try JSONParser.parse(try game.get("/world.json"))
        #expect(described.object?["map"]?.string == "/maps/map.json")
        let (head, body) = try game.response("/maps/map.json")
        #expect(head.status.code == 200)
        #expect(Array(body.utf8) == (try readFile(game.directory + "/map.json")))
        #expect(try game.response("/world/map").head.status.code == 404)
    }

    @Test func locationsAreRealPathsAndPercentEncoded() throws {
        var template = Array("/tmp/wq-maploc-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { _ = system("rm -rf '\(directory)'") }
        mkdir(directory + "/maps", 0o755)
        mkdir(directory + "/maps/my maps", 0o755)
        try writeFile(Array("{}".utf8), to: directory + "/maps/my maps/é.tmj")
        try writeFile(Array("{}".utf8), to: directory + "/other.tmj")
        symlink(directory + "/other.tmj", directory + "/maps/link.tmj")
        let mounts = [StaticFiles.Mount(urlPrefix: "/maps/", directory: directory + "/maps/")]
        let inside = MapLocation.of(mapPath: directory + "/maps/my maps/é.tmj", mounts: mounts)
        #expect(inside == MapLocation(url: "/maps/my%20maps/%C3%A9.tmj", servedByRoute: false))
        // Through `..` into the directory counts as inside; a symlink pointing out of it does not.
        let dotted = MapLocation.of(mapPath: directory + "/maps/../maps/my maps/é.tmj", mounts: mounts)
        #expect(dotted.url == inside.url)
        #expect(MapLocation.of(mapPath: directory + "/maps/link.tmj", mounts: mounts).servedByRoute)
        #expect(MapLocation.of(mapPath: directory + "/other.tmj", mounts: mounts).servedByRoute)
        #expect(MapLocation.of(mapPath: directory + "/maps/my maps/é.tmj", mounts: []).servedByRoute)
    }
}

import GameMap
import Glibc
import HTTP
import Support
import Web

/// Where the browser finds the map the worlds play (`--map`), so that it draws what the server enforces rather
/// than whatever `/maps/world.tmj` happens to be.
package struct MapLocation: Sendable, Equatable {
    /// The URL the client fetches: under the `/maps/` mount when the file lies inside that directory, else
    /// ``MapLocation/fixedRoute``, served from the bytes read at start.
    package var url: String
    /// True when the file is outside every mount and is served at ``MapLocation/fixedRoute``.
    package var servedByRoute: Bool

    package init(url: String, servedByRoute: Bool) {
        self.url = url
        self.servedByRoute = servedByRoute
    }

    /// Where a map outside the `/maps/` directory is served (one file, never its directory).
    package static let fixedRoute = "/world/map"
    /// What the client asks first: `{"map": URL, "width": w, "height": h}`.
    package static let descriptionRoute = "/world.json"

    /// The map at `mapPath` as seen through `mounts`: a path below the `/maps/` mount's real directory becomes
    /// `/maps/<relative path>` (percent-encoded); anything else (another directory, a symlink out of it, a path
    /// that does not resolve) the fixed route.
    package static func of(mapPath: String, mounts: [StaticFiles.Mount]) -> MapLocation {
        guard let mount = mounts.first(where: { $0.urlPrefix == "/maps/" }),
            let root = realPath(mount.directory), let file = realPath(mapPath)
        else { return MapLocation(url: fixedRoute, servedByRoute: true) }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard file.hasPrefix(prefix), file.count > prefix.count else {
            return MapLocation(url: fixedRoute, servedByRoute: true)
        }
        let relative = file.dropFirst(prefix.count).split(separator: "/").map { percentEncoded(String($0)) }
        return MapLocation(url: "/maps/" + relative.joined(separator: "/"), servedByRoute: false)
    }

    /// The `/world.json` body for a map of `width`×`height` tiles.
    package func descriptionJSON(width: Int, height: Int) -> String {
        JSONWriter.string(
            .object(["map": .string(url), "width": .number(Double(width)), "height": .number(Double(height))]))
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// RFC 3986 unreserved characters stay; every other byte is `%XX`.
    private static func percentEncoded(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

extension GameServer {
    /// `/world.json`, and the map file itself at ``MapLocation/fixedRoute`` when `/maps/` does not serve it.
    func mapRoutes(for map: TileMap) throws -> [String: @Sendable () -> DynamicResponse] {
        let location = MapLocation.of(mapPath: configuration.mapPath, mounts: configuration.web.staticMounts)
        let description = Array(location.descriptionJSON(width: map.width, height: map.height).utf8)
        var routes: [String: @Sendable () -> DynamicResponse] = [
            MapLocation.descriptionRoute: { DynamicResponse(contentType: "application/json", body: description) }
        ]
        if location.servedByRoute {
            let bytes = try readFile(configuration.mapPath)
            routes[MapLocation.fixedRoute] = { DynamicResponse(contentType: "application/json", body: bytes) }
        }
        logger.notice("the browser client draws the map from \(location.url)")
        return routes
    }
}

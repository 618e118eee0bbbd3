import GameProtocol
import Support
import TestSupport
import Testing
import World

/// Checks the tables `Public/js/kinds.js` copies from the server: the kind ranges behind `is…Kind`, the mob
/// table (pace, swing and health), and the player's step and swing times. A change on either side fails here.
struct KindsParityTests {
    static func kindsJS() throws -> String {
        try #require(readRepositoryFile("Public/js/kinds.js"))
    }

    /// The body of `export const is<Name>Kind = (k) => …;`.
    static func predicate(_ name: String, in source: String) throws -> Substring {
        let head = "export const is\(name)Kind = (k) => "
        let line = try #require(source.split(separator: "\n").first { $0.hasPrefix(head) }, "no is\(name)Kind")
        return line.dropFirst(head.count)
    }

    /// `k >= A && k <= B;` → A...B.
    static func range(_ name: String, in source: String) throws -> ClosedRange<Int> {
        let body = try predicate(name, in: source)
        let numbers = body.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        try #require(
            numbers.count == 2 && body == "k >= \(numbers[0]) && k <= \(numbers[1]);",
            "is\(name)Kind is no longer a range: \(body)")
        return numbers[0]...numbers[1]
    }

    @Test func kindRangesMatchEntityKind() throws {
        let source = try Self.kindsJS()
        let families: [(String, KeyPath<EntityKind, Bool>)] = [
            ("Mob", \.isMob), ("Armor", \.isArmor), ("Object", \.isObject), ("Npc", \.isNPC),
            ("Weapon", \.isWeapon),
        ]
        for (name, property) in families {
            let range = try Self.range(name, in: source)
            let raw = EntityKind.allCases.filter { $0[keyPath: property] }.map(\.rawValue)
            #expect(range == (raw.min() ?? 0)...(raw.max() ?? 0), "is\(name)Kind's bounds")
            for kind in EntityKind.allCases {
                #expect(range.contains(kind.rawValue) == kind[keyPath: property], "is\(name)Kind(\(kind))")
            }
        }
        let player = try #require(EntityKind.allCases.first { $0.isPlayer })
        #expect(try Self.predicate("Player", in: source) == "k === Entities.\(player.constantName);")
        let chest = try #require(EntityKind.allCases.first { $0.isChest })
        #expect(try Self.predicate("Chest", in: source) == "k === Entities.\(chest.constantName);")
        #expect(
            try Self.predicate("Item", in: source)
                == "isArmorKind(k) || isWeaponKind(k) || (isObjectKind(k) && !isChestKind(k));")
    }

    /// `name: [move, attack, hp],` entries of `const MOBS = { … };`.
    static func mobTable(in source: String) throws -> [String: [Int]] {
        let start = try #require(source.firstRange(of: "const MOBS = {"), "no MOBS table in kinds.js")
        let end = try #require(source[start.upperBound...].firstRange(of: "};"))
        var table: [String: [Int]] = [:]
        var rest = source[start.upperBound..<end.lowerBound]
        while let colon = rest.firstIndex(of: ":") {
            let name = rest[..<colon].trimmingCharacters(in: " \n,")
            let open = try #require(rest[colon...].firstIndex(of: "["))
            let close = try #require(rest[open...].firstIndex(of: "]"))
            let values = rest[rest.index(after: open)..<close].split(separator: ",").map {
                Int($0.trimmingCharacters(in: " "))
            }
            try #require(values.allSatisfy { $0 != nil } && values.count == 3, "MOBS.\(name): \(rest[open...close])")
            #expect(table[name] == nil, "MOBS.\(name) twice")
            table[name] = values.compactMap { $0 }
            rest = rest[rest.index(after: close)...]
        }
        #expect(rest.trimmingCharacters(in: " \n,").isEmpty, "MOBS: unread \(rest)")
        return table
    }

    @Test func mobTableMatchesMobCatalog() throws {
        let table = try Self.mobTable(in: try Self.kindsJS())
        let mobs = EntityKind.allCases.filter(\.isMob)
        #expect(Set(table.keys) == Set(mobs.map { $0.constantName.lowercased() }))
        for kind in mobs {
            let stats = MobCatalog.stats(for: kind)
            #expect(
                table[kind.constantName.lowercased()] == [stats.moveMilliseconds, stats.attackMilliseconds, stats.hp],
                "MOBS.\(kind.constantName.lowercased())")
        }
    }

    @Test func playerTimesMatchTheWorld() throws {
        let source = try Self.kindsJS()
        #expect(source.contains("export const PLAYER_STEP_MS = \(WorldConfiguration().walkMillisecondsPerTile);\n"))
        #expect(source.contains("export const PLAYER_ATTACK_MS = \(GameTimers.playerAttackMilliseconds);\n"))
    }
}

extension StringProtocol {
    /// Without the leading and trailing characters of `set` (Foundation-free `trimmingCharacters(in:)`).
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}

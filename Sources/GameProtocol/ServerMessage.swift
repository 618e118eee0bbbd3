/// A message the server sends to a BrowserQuest client, with the fields in the order the client reads them.
///
/// ``encode(into:)`` writes the message's JSON array straight into the connection's output buffer. For the
/// variable-length LIST and DROP, ``writeList(ids:into:)`` and ``writeDrop(mob:item:kind:haters:into:)`` take any
/// sequence of ids, so callers need not build an array.
package enum ServerMessage: Sendable, Equatable {
    /// `[1, id, name, x, y, hp]`: the answer to HELLO, with the player's entity id, sanitized name, position and
    /// maximum hit points.
    case welcome(id: Int, name: String, x: Int, y: Int, hp: Int)
    /// `[2, id, 1, x, y, name, orientation, armor, weapon(, target)]`: a player entered view.
    case spawnPlayer(
        id: Int, x: Int, y: Int, name: String, orientation: Orientation, armor: EntityKind, weapon: EntityKind,
        target: Int?)
    /// `[2, id, kind, x, y, orientation(, target)]`: a mob entered view.
    case spawnMob(id: Int, kind: EntityKind, x: Int, y: Int, orientation: Orientation, target: Int?)
    /// `[2, id, kind, x, y]`: an NPC, item or chest entered view.
    case spawnEntity(id: Int, kind: EntityKind, x: Int, y: Int)
    /// `[3, id]`: an entity died, was picked up or opened, or its player left (the client animates it).
    case despawn(id: Int)
    /// `[4, id, x, y]`: an entity started walking to `(x, y)`.
    case move(id: Int, x: Int, y: Int)
    /// `[5, player, item]`: a player walks to an item.
    case lootMove(player: Int, item: Int)
    /// `[7, attacker, target]`: a character engaged another.
    case attack(attacker: Int, target: Int)
    /// `[10, hp]` or `[10, hp, 1]`: the player's hit points, the `1` only when they come from regeneration.
    case health(hp: Int, regenerated: Bool)
    /// `[11, player, text]`: a chat line.
    case chat(player: Int, text: String)
    /// `[13, player, kind]`: a player changed armor or weapon.
    case equip(player: Int, kind: EntityKind)
    /// `[14, mob, item, kind, [hater, …]]`: a mob died and dropped an item; the players who fought it are listed.
    case drop(mob: Int, item: Int, kind: EntityKind, haters: [Int])
    /// `[15, id, x, y]`: an entity went through a door or portal.
    case teleport(id: Int, x: Int, y: Int)
    /// `[16, id, points]`: the player dealt damage to a mob.
    case damage(id: Int, points: Int)
    /// `[17, world, total]`: players in this world and in all worlds (`null` when unknown).
    case population(world: Int, total: Int?)
    /// `[18, kind]`: the player killed a mob of this kind.
    case kill(kind: EntityKind)
    /// `[19, id, …]`: every entity in the player's neighbourhood.
    case list(ids: [Int])
    /// `[22, id]`: an entity left view silently.
    case destroy(id: Int)
    /// `[23, max]`: the player's new maximum hit points.
    case hp(max: Int)
    /// `[24, id]`: an item is about to disappear.
    case blink(id: Int)
    /// `[27, text]`: a system message from the operators (WireQuest's extension; BrowserQuest clients ignore it).
    case notice(text: String)
    /// `[29, saved, text]`: the answer to a client's PASSWORD (`1` saved, `0` refused), with what to tell the player.
    case password(saved: Bool, text: String)
    /// `[30, name, returning, password]`: before WELCOME, who is entering: the character's name, `1` when it has
    /// played before, `1` when it has a password.
    case profile(name: String, returning: Bool, hasPassword: Bool)
    /// `[31, id, name, description]`: the player just earned this achievement (WireQuest's extension).
    case achievement(id: Int, name: String, description: String)
    /// `[32, [id, name, description, earned], …]`: every achievement, `earned` 1 for those the player holds; sent
    /// once as the player enters (WireQuest's extension).
    case achievements([AchievementEntry])

    /// The message's code.
    package var code: MessageCode {
        switch self {
        case .welcome: .welcome
        case .spawnPlayer, .spawnMob, .spawnEntity: .spawn
        case .despawn: .despawn
        case .move: .move
        case .lootMove: .lootMove
        case .attack: .attack
        case .health: .health
        case .chat: .chat
        case .equip: .equip
        case .drop: .drop
        case .teleport: .teleport
        case .damage: .damage
        case .population: .population
        case .kill: .kill
        case .list: .list
        case .destroy: .destroy
        case .hp: .hp
        case .blink: .blink
        case .notice: .notice
        case .password: .password
        case .profile: .profile
        case .achievement: .achievement
        case .achievements: .achievements
        }
    }

    /// Appends the message as a JSON array without spaces, such as `[4,23,51,12]`.
    package func encode(into out: inout [UInt8]) {
        switch self {
        case .list(let ids):
            Self.writeList(ids: ids, into: &out)
        case .drop(let mob, let item, let kind, let haters):
            Self.writeDrop(mob: mob, item: item, kind: kind, haters: haters, into: &out)
        default:
            out.append(0x5B)
            JSONWriter.integer(code.rawValue, into: &out)
            writeFields(into: &out)
            out.append(0x5D)
        }
    }

    /// Appends LIST, `[19,id,…]`, for any sequence of ids.
    package static func writeList(ids: some Sequence<Int>, into out: inout [UInt8]) {
        out.append(0x5B)
        JSONWriter.integer(MessageCode.list.rawValue, into: &out)
        for id in ids { JSONWriter.field(id, into: &out) }
        out.append(0x5D)
    }

    /// Appends DROP, `[14,mob,item,kind,[hater,…]]`, for any sequence of hater ids.
    package static func writeDrop(
        mob: Int, item: Int, kind: EntityKind, haters: some Sequence<Int>, into out: inout [UInt8]
    ) {
        out.append(0x5B)
        JSONWriter.integer(MessageCode.drop.rawValue, into: &out)
        JSONWriter.field(mob, into: &out)
        JSONWriter.field(item, into: &out)
        JSONWriter.field(kind.rawValue, into: &out)
        out.append(0x2C)
        out.append(0x5B)
        var first = true
        for hater in haters {
            if !first { out.append(0x2C) }
            first = false
            JSONWriter.integer(hater, into: &out)
        }
        out.append(0x5D)
        out.append(0x5D)
    }

    /// Writes every field after the code, each preceded by a comma.
    private func writeFields(into out: inout [UInt8]) {
        switch self {
        case .welcome(let id, let name, let x, let y, let hp):
            JSONWriter.field(id, into: &out)
            JSONWriter.field(name, into: &out)
            JSONWriter.field(x, into: &out)
            JSONWriter.field(y, into: &out)
            JSONWriter.field(hp, into: &out)
        case .spawnPlayer(let id, let x, let y, let name, let orientation, let armor, let weapon, let target):
            JSONWriter.field(id, into: &out)
            JSONWriter.field(EntityKind.warrior.rawValue, into: &out)
            JSONWriter.field(x, into: &out)
            JSONWriter.field(y, into: &out)
            JSONWriter.field(name, into: &out)
            JSONWriter.field(orientation.rawValue, into: &out)
            JSONWriter.field(armor.rawValue, into: &out)
            JSONWriter.field(weapon.rawValue, into: &out)
            if let target { JSONWriter.field(target, into: &out) }
        case .spawnMob(let id, let kind, let x, let y, let orientation, let target):
            JSONWriter.field(id, into: &out)
            JSONWriter.field(kind.rawValue, into: &out)
            JSONWriter.field(x, into: &out)
            JSONWriter.field(y, into: &out)
            JSONWriter.field(orientation.rawValue, into: &out)
            if let target { JSONWriter.field(target, into: &out) }
        case .spawnEntity(let id, let kind, let x, let y):
            JSONWriter.field(id, into: &out)
            JSONWriter.field(kind.rawValue, into: &out)
            JSONWriter.field(x, into: &out)
            JSONWriter.field(y, into: &out)
        case .despawn(let id), .destroy(let id), .blink(let id):
            JSONWriter.field(id, into: &out)
        case .hp(let max):
            JSONWriter.field(max, into: &out)
        case .move(let id, let x, let y), .teleport(let id, let x, let y):
            JSONWriter.field(id, into: &out)
            JSONWriter.field(x, into: &out)
            JSONWriter.field(y, into: &out)
        case .lootMove(let first, let second), .attack(let first, let second), .damage(let first, let second):
            JSONWriter.field(first, into: &out)
            JSONWriter.field(second, into: &out)
        case .health(let hp, let regenerated):
            JSONWriter.field(hp, into: &out)
            if regenerated { JSONWriter.field(1, into: &out) }
        case .chat(let player, let text):
            JSONWriter.field(player, into: &out)
            JSONWriter.field(text, into: &out)
        case .notice(let text):
            JSONWriter.field(text, into: &out)
        case .password(let saved, let text):
            JSONWriter.field(saved ? 1 : 0, into: &out)
            JSONWriter.field(text, into: &out)
        case .profile(let name, let returning, let hasPassword):
            JSONWriter.field(name, into: &out)
            JSONWriter.field(returning ? 1 : 0, into: &out)
            JSONWriter.field(hasPassword ? 1 : 0, into: &out)
        case .equip(let player, let kind):
            JSONWriter.field(player, into: &out)
            JSONWriter.field(kind.rawValue, into: &out)
        case .population(let world, let total):
            JSONWriter.field(world, into: &out)
            if let total {
                JSONWriter.field(total, into: &out)
            } else {
                out.append(0x2C)
                JSONWriter.null(into: &out)
            }
        case .kill(let kind):
            JSONWriter.field(kind.rawValue, into: &out)
        case .achievement(let id, let name, let description):
            JSONWriter.field(id, into: &out)
            JSONWriter.field(name, into: &out)
            JSONWriter.field(description, into: &out)
        case .achievements(let entries):
            for entry in entries {
                out.append(0x2C)
                out.append(0x5B)
                JSONWriter.integer(entry.id, into: &out)
                JSONWriter.field(entry.name, into: &out)
                JSONWriter.field(entry.description, into: &out)
                JSONWriter.field(entry.earned ? 1 : 0, into: &out)
                out.append(0x5D)
            }
        case .list, .drop:
            preconditionFailure("LIST and DROP are written by writeList and writeDrop")
        }
    }
}

/// One row of ACHIEVEMENTS. The protocol carries the text; which achievements exist is the world's business.
package struct AchievementEntry: Sendable, Equatable {
    package var id: Int
    package var name: String
    package var description: String
    package var earned: Bool

    package init(id: Int, name: String, description: String, earned: Bool) {
        self.id = id
        self.name = name
        self.description = description
        self.earned = earned
    }
}

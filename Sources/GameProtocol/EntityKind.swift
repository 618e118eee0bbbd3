/// BrowserQuest's entity kind codes (`Types.Entities` in its gametypes.js), as sent in SPAWN, EQUIP, DROP and KILL.
package enum EntityKind: Int, Sendable, CaseIterable, CustomStringConvertible {
    case warrior = 1

    // Mobs
    case rat = 2
    case skeleton = 3
    case goblin = 4
    case ogre = 5
    case spectre = 6
    case crab = 7
    case bat = 8
    case wizard = 9
    case eye = 10
    case snake = 11
    case skeleton2 = 12
    case boss = 13
    case deathknight = 14

    // Armors
    case firefox = 20
    case clotharmor = 21
    case leatherarmor = 22
    case mailarmor = 23
    case platearmor = 24
    case redarmor = 25
    case goldenarmor = 26

    // Objects
    case flask = 35
    case burger = 36
    case chest = 37
    case firepotion = 38
    case cake = 39

    // NPCs
    case `guard` = 40
    case king = 41
    case octocat = 42
    case villagegirl = 43
    case villager = 44
    case priest = 45
    case scientist = 46
    case agent = 47
    case rick = 48
    case nyan = 49
    case sorcerer = 50
    case beachnpc = 51
    case forestnpc = 52
    case desertnpc = 53
    case lavanpc = 54
    case coder = 55

    // Weapons
    case sword1 = 60
    case sword2 = 61
    case redsword = 62
    case goldensword = 63
    case morningstar = 64
    case axe = 65
    case bluesword = 66

    /// The lower-case name BrowserQuest's maps and properties use (`"rat"`, `"clotharmor"`).
    package var name: String {
        // Spelled out: `String(describing: self)` would call `description`, which is this property.
        switch self {
        case .warrior: "warrior"
        case .rat: "rat"
        case .skeleton: "skeleton"
        case .goblin: "goblin"
        case .ogre: "ogre"
        case .spectre: "spectre"
        case .crab: "crab"
        case .bat: "bat"
        case .wizard: "wizard"
        case .eye: "eye"
        case .snake: "snake"
        case .skeleton2: "skeleton2"
        case .boss: "boss"
        case .deathknight: "deathknight"
        case .firefox: "firefox"
        case .clotharmor: "clotharmor"
        case .leatherarmor: "leatherarmor"
        case .mailarmor: "mailarmor"
        case .platearmor: "platearmor"
        case .redarmor: "redarmor"
        case .goldenarmor: "goldenarmor"
        case .flask: "flask"
        case .burger: "burger"
        case .chest: "chest"
        case .firepotion: "firepotion"
        case .cake: "cake"
        case .`guard`: "guard"
        case .king: "king"
        case .octocat: "octocat"
        case .villagegirl: "villagegirl"
        case .villager: "villager"
        case .priest: "priest"
        case .scientist: "scientist"
        case .agent: "agent"
        case .rick: "rick"
        case .nyan: "nyan"
        case .sorcerer: "sorcerer"
        case .beachnpc: "beachnpc"
        case .forestnpc: "forestnpc"
        case .desertnpc: "desertnpc"
        case .lavanpc: "lavanpc"
        case .coder: "coder"
        case .sword1: "sword1"
        case .sword2: "sword2"
        case .redsword: "redsword"
        case .goldensword: "goldensword"
        case .morningstar: "morningstar"
        case .axe: "axe"
        case .bluesword: "bluesword"
        }
    }

    package var description: String { name }

    /// The constant's name in BrowserQuest's `Types.Entities` (`"RAT"`, `"CLOTHARMOR"`).
    package var constantName: String { name.uppercased() }

    /// Looks a kind up by its map name, case-insensitively (`"Rat"`, `"skeleton2"`).
    package init?(name: some StringProtocol) {
        let lowered = name.lowercased()
        guard let kind = EntityKind.allCases.first(where: { $0.name == lowered }) else { return nil }
        self = kind
    }

    package var isPlayer: Bool { self == .warrior }
    package var isMob: Bool { (2...14).contains(rawValue) }
    package var isArmor: Bool { (20...26).contains(rawValue) }
    package var isObject: Bool { (35...39).contains(rawValue) }
    package var isNPC: Bool { (40...55).contains(rawValue) }
    package var isWeapon: Bool { (60...66).contains(rawValue) }
    package var isChest: Bool { self == .chest }
    /// Something a player can pick up: armor, weapon or a consumable object (not a chest).
    package var isItem: Bool { isArmor || isWeapon || (isObject && !isChest) }
}

/// Facing, as BrowserQuest encodes it in SPAWN and doors.
package enum Orientation: Int, Sendable, CaseIterable {
    case up = 1
    case down = 2
    case left = 3
    case right = 4

    /// The constant's name in BrowserQuest's `Types.Orientations` (`"UP"`).
    package var constantName: String { String(describing: self).uppercased() }

    /// The letter of a door's `to` field: `u`, `d`, `l` or `r`.
    package var letter: String {
        switch self {
        case .up: "u"
        case .down: "d"
        case .left: "l"
        case .right: "r"
        }
    }

    /// Parses a door's `to` field (`u`, `d`, `l`, `r`).
    package init?(letter: some StringProtocol) {
        switch letter.lowercased() {
        case "u", "up": self = .up
        case "d", "down": self = .down
        case "l", "left": self = .left
        case "r", "right": self = .right
        default: return nil
        }
    }
}

import GameProtocol

/// One of WireQuest's achievements: something a character did that the server saw happen. The table below is the
/// only copy: the client learns names and descriptions from ACHIEVEMENTS and ACHIEVEMENT, so nothing can drift.
package struct Achievement: Sendable, Equatable {
    /// The bit in a character's stored word. Never reuse or renumber one: stored characters keep their bits.
    package let id: Int
    /// A stable name for logs and tools (`pest-control`).
    package let key: String
    package let name: String
    package let description: String

    init(_ id: Int, _ key: String, _ name: String, _ description: String) {
        self.id = id
        self.key = key
        self.name = name
        self.description = description
    }

    /// The bit `id` stands for in ``CharacterSheet/achievements``.
    package var bit: UInt64 { 1 << UInt64(id) }
}

extension Achievement {
    package static let pestControl = Achievement(0, "pest-control", "Pest Control", "Defeat a rat.")
    package static let rattledBones = Achievement(1, "rattled-bones", "Rattled Bones", "Defeat a skeleton.")
    package static let goblinGrief = Achievement(2, "goblin-grief", "Goblin Grief", "Defeat a goblin.")
    package static let shellGame = Achievement(3, "shell-game", "Shell Game", "Defeat a crab.")
    package static let clippedWings = Achievement(4, "clipped-wings", "Clipped Wings", "Defeat a bat.")
    package static let fangsDown = Achievement(5, "fangs-down", "Fangs Down", "Defeat a snake.")
    package static let biggerTheyAre = Achievement(6, "bigger-they-are", "The Bigger They Are", "Defeat an ogre.")
    package static let nightTerrors = Achievement(
        7, "night-terrors", "Night Terrors", "Defeat a spectre, a floating eye or a wizard.")
    package static let knightfall = Achievement(
        8, "knightfall", "Knightfall", "Defeat a death knight or the skeleton king.")
    package static let gettingTheHang = Achievement(
        9, "getting-the-hang", "Getting the Hang of It", "Defeat 10 monsters.")
    package static let seasoned = Achievement(10, "seasoned", "Seasoned Fighter", "Defeat 100 monsters.")
    package static let newThreads = Achievement(11, "new-threads", "New Threads", "Wear any armor better than cloth.")
    package static let heavyMetal = Achievement(12, "heavy-metal", "Heavy Metal", "Wear plate armor or better.")
    package static let sharperEdge = Achievement(
        13, "sharper-edge", "A Sharper Edge", "Wield any weapon better than your first sword.")
    package static let crimsonBlade = Achievement(
        14, "crimson-blade", "Crimson Blade", "Wield the red sword or better.")
    package static let findersKeepers = Achievement(15, "finders-keepers", "Finders Keepers", "Open a chest.")
    package static let hotStuff = Achievement(16, "hot-stuff", "Hot Stuff", "Drink a fire potion.")
    package static let closeShave = Achievement(
        17, "close-shave", "Close Shave", "Defeat a monster with a tenth of your health or less left.")
    package static let secondWind = Achievement(
        18, "second-wind", "Second Wind", "Get back up after falling in battle.")
    package static let intoTheDeep = Achievement(
        19, "into-the-deep", "Into the Deep", "Rest at a checkpoint in the caves.")
    package static let snowblind = Achievement(20, "snowblind", "Snowblind", "Rest at a checkpoint in the snowfields.")
    package static let endsOfTheEarth = Achievement(
        21, "ends-of-the-earth", "Ends of the Earth", "Rest at a checkpoint in the lava lands.")
    package static let regular = Achievement(22, "regular", "Regular", "Spend an hour in the world.")

    /// Every achievement, in id order (ids are the indices).
    package static let all: [Achievement] = [
        pestControl, rattledBones, goblinGrief, shellGame, clippedWings, fangsDown, biggerTheyAre, nightTerrors,
        knightfall, gettingTheHang, seasoned, newThreads, heavyMetal, sharperEdge, crimsonBlade, findersKeepers,
        hotStuff, closeShave, secondWind, intoTheDeep, snowblind, endsOfTheEarth, regular,
    ]

    /// The achievement for a first kill of each mob family.
    static func forKilling(_ kind: EntityKind) -> Achievement? {
        switch kind {
        case .rat: pestControl
        case .skeleton, .skeleton2: rattledBones
        case .goblin: goblinGrief
        case .crab: shellGame
        case .bat: clippedWings
        case .snake: fangsDown
        case .ogre: biggerTheyAre
        case .spectre, .eye, .wizard: nightTerrors
        case .deathknight, .boss: knightfall
        default: nil
        }
    }

    /// Total kills that earn an achievement.
    static let killMilestones: [(count: Int, achievement: Achievement)] = [(10, gettingTheHang), (100, seasoned)]

    /// The achievement for resting at a checkpoint inside a map's music area of this name (the map's regions).
    static func forRegion(_ name: String) -> Achievement? {
        switch name {
        case "cave", "boss": intoTheDeep
        case "snow": snowblind
        case "lavaland": endsOfTheEarth
        default: nil
        }
    }

    /// Seconds of play that earn ``regular``.
    static let regularSeconds = 3600

    /// The entries of ACHIEVEMENTS for a character holding `earned`.
    package static func listing(earned: UInt64) -> [AchievementEntry] {
        all.map {
            AchievementEntry(id: $0.id, name: $0.name, description: $0.description, earned: earned & $0.bit != 0)
        }
    }
}

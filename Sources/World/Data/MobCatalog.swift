import GameProtocol

/// One mob kind's numbers (BrowserQuest's `properties.js` and its client's `mobs.js`, reference §3.2).
package struct MobStats: Sendable {
    package var hp: Int
    package var armorLevel: Int
    package var weaponLevel: Int
    /// Drop table: item and percentage, rolled cumulatively in order (reference §3.7).
    package var drops: [(kind: EntityKind, percent: Int)]
    /// Tiles (Chebyshev) within which the mob notices a player by itself; 0 for passive mobs.
    package var aggroRange: Int
    /// Milliseconds per tile when chasing (the client animates at this pace).
    package var moveMilliseconds: Int
    /// Milliseconds between two of its attacks.
    package var attackMilliseconds: Int
}

/// Every mob's stats, in one table the rules read.
package enum MobCatalog {
    package static func stats(for kind: EntityKind) -> MobStats {
        switch kind {
        case .rat:
            MobStats(
                hp: 25, armorLevel: 1, weaponLevel: 1, drops: [(.flask, 40), (.burger, 10), (.firepotion, 5)],
                aggroRange: 0, moveMilliseconds: 350, attackMilliseconds: 800)
        case .crab:
            MobStats(
                hp: 60, armorLevel: 2, weaponLevel: 1,
                drops: [(.flask, 50), (.axe, 20), (.leatherarmor, 10), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 200, attackMilliseconds: 800)
        case .bat:
            MobStats(
                hp: 80, armorLevel: 2, weaponLevel: 1, drops: [(.flask, 50), (.axe, 10), (.firepotion, 5)],
                aggroRange: 0, moveMilliseconds: 120, attackMilliseconds: 800)
        case .goblin:
            MobStats(
                hp: 90, armorLevel: 2, weaponLevel: 1,
                drops: [(.flask, 50), (.leatherarmor, 20), (.axe, 10), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 150, attackMilliseconds: 700)
        case .wizard:
            MobStats(
                hp: 100, armorLevel: 2, weaponLevel: 6, drops: [(.flask, 50), (.platearmor, 20), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 200, attackMilliseconds: 800)
        case .skeleton:
            MobStats(
                hp: 110, armorLevel: 2, weaponLevel: 2,
                drops: [(.flask, 40), (.mailarmor, 10), (.axe, 20), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 350, attackMilliseconds: 1300)
        case .snake:
            MobStats(
                hp: 150, armorLevel: 3, weaponLevel: 2,
                drops: [(.flask, 50), (.mailarmor, 10), (.morningstar, 10), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 200, attackMilliseconds: 800)
        case .ogre:
            MobStats(
                hp: 200, armorLevel: 3, weaponLevel: 2,
                drops: [(.burger, 10), (.flask, 50), (.platearmor, 20), (.morningstar, 20), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 300, attackMilliseconds: 800)
        case .skeleton2:
            MobStats(
                hp: 200, armorLevel: 3, weaponLevel: 3,
                drops: [(.flask, 60), (.platearmor, 15), (.bluesword, 15), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 200, attackMilliseconds: 1300)
        case .eye:
            MobStats(
                hp: 200, armorLevel: 3, weaponLevel: 3,
                drops: [(.flask, 50), (.redarmor, 20), (.redsword, 10), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 200, attackMilliseconds: 800)
        case .spectre:
            MobStats(
                hp: 250, armorLevel: 2, weaponLevel: 4,
                drops: [(.flask, 30), (.redarmor, 40), (.redsword, 30), (.firepotion, 5)],
                aggroRange: 1, moveMilliseconds: 150, attackMilliseconds: 900)
        case .deathknight:
            MobStats(
                hp: 250, armorLevel: 3, weaponLevel: 3, drops: [(.burger, 95), (.firepotion, 5)],
                aggroRange: 3, moveMilliseconds: 220, attackMilliseconds: 800)
        case .boss:
            MobStats(
                hp: 700, armorLevel: 6, weaponLevel: 7, drops: [(.goldensword, 100)],
                aggroRange: 3, moveMilliseconds: 300, attackMilliseconds: 2000)
        default:
            MobStats(
                hp: 1, armorLevel: 1, weaponLevel: 1, drops: [], aggroRange: 0, moveMilliseconds: 300,
                attackMilliseconds: 1000)
        }
    }
}

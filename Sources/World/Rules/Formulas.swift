import GameProtocol

/// Game formulas from BrowserQuest (reference §3.3).
package enum Rules {
    static let armorRanking: [EntityKind] = [
        .clotharmor, .leatherarmor, .mailarmor, .platearmor, .redarmor, .goldenarmor,
    ]
    static let weaponRanking: [EntityKind] = [
        .sword1, .sword2, .axe, .morningstar, .bluesword, .redsword, .goldensword,
    ]

    /// 1-based armor level.
    package static func armorLevel(_ kind: EntityKind) -> Int { (armorRanking.firstIndex(of: kind) ?? 0) + 1 }

    /// 1-based weapon level.
    package static func weaponLevel(_ kind: EntityKind) -> Int { (weaponRanking.firstIndex(of: kind) ?? 0) + 1 }

    /// Max HP = 80 + 30 × (armor level − 1).
    package static func maxHP(armor: EntityKind) -> Int { 80 + 30 * (armorLevel(armor) - 1) }
}

extension Rules {
    /// BrowserQuest's damage (reference §3.4): weapon level × 5…10 minus armor level × 1…3; if that is not
    /// positive, 0…3.
    package static func damage(weaponLevel: Int, armorLevel: Int, random: inout some RandomNumberGenerator) -> Int {
        let dealt = weaponLevel * Int.random(in: 5...10, using: &random)
        let absorbed = armorLevel * Int.random(in: 1...3, using: &random)
        let result = dealt - absorbed
        return result > 0 ? result : Int.random(in: 0...3, using: &random)
    }

    /// Regeneration per period: floor(maxHP / 25).
    package static func regeneration(maxHP: Int) -> Int { maxHP / 25 }

    /// Rolls a drop table cumulatively, as BrowserQuest does (the first entry is effectively one percent likelier).
    package static func rollDrop(_ drops: [(kind: EntityKind, percent: Int)], random: inout some RandomNumberGenerator)
        -> EntityKind?
    {
        let roll = Int.random(in: 0..<100, using: &random)
        var sum = 0
        for drop in drops {
            sum += drop.percent
            if sum >= roll { return drop.kind }
        }
        return nil
    }
}

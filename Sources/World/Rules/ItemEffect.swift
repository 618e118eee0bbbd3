import GameProtocol

/// What an item does when looted.
package enum ItemEffect: Sendable, Equatable {
    case heal(Int)
    case fullHealAndCostume
    case armor(level: Int)
    case weapon(level: Int)
    case nothing

    package static func of(_ kind: EntityKind) -> ItemEffect {
        switch kind {
        case .flask: .heal(40)
        case .burger: .heal(100)
        case .firepotion: .fullHealAndCostume
        case .cake: .nothing
        default:
            if kind.isArmor, kind != .firefox {
                .armor(level: Rules.armorLevel(kind))
            } else if kind.isWeapon {
                .weapon(level: Rules.weaponLevel(kind))
            } else {
                .nothing
            }
        }
    }
}

/// The three drawn facings; the client mirrors `right` for left.
enum Facing: String, CaseIterable {
    case down, up, right
}

enum Action: String, CaseIterable {
    case idle, walk, atk

    var frameCount: Int {
        switch self {
        case .idle: 2
        case .walk: 4
        case .atk: 3
        }
    }

    /// Milliseconds per frame.
    var speed: Int {
        switch self {
        case .idle: 450
        case .walk: 100
        case .atk: 90
        }
    }
}

/// Where a 32×32 humanoid's body parts are in one frame. Weapon overlays read the same pose, so a weapon sheet
/// lines up with every body sheet frame for frame.
///
/// Frame layout: feet on row 30, head rows 7–17, torso rows 18–25, legs 26–30; x centre between 15 and 16.
struct Pose {
    var facing: Facing
    var action: Action
    var frame: Int
    /// Torso and head drop by this many pixels (breathing, walking bounce).
    var bob = 0
    /// Front/back views: how far each foot (viewer's left, right) is lifted.
    var liftLeft = 0
    var liftRight = 0
    /// Side view: horizontal stride of the near and far legs, and their lift.
    var strideNear = 0
    var strideFar = 0
    var liftNear = 0
    var liftFar = 0
    /// Side view: torso and head lean forward.
    var lean = 0
    /// Top-left pixel of the 2×2 fist that holds the weapon, and of the other fist.
    var weaponHand = Point(0, 0)
    var otherHand = Point(0, 0)
    /// Direction the weapon points from the weapon hand, in degrees (0 right, 90 up), a multiple of 45.
    var weaponAngle = 0

    /// Shoulder positions (top-left of the 2-pixel-wide arm) for the weapon arm and the other arm.
    var weaponShoulder: Point {
        switch facing {
        case .down: Point(9, 18 + bob)
        case .up: Point(21, 18 + bob)
        case .right: Point(15 + lean, 18 + bob)
        }
    }

    var otherShoulder: Point {
        switch facing {
        case .down: Point(21, 18 + bob)
        case .up: Point(9, 18 + bob)
        case .right: Point(14 + lean, 18 + bob)
        }
    }

    static func all() -> [(name: String, poses: [Pose])] {
        var rows: [(String, [Pose])] = []
        for action in Action.allCases {
            for facing in Facing.allCases {
                rows.append(
                    (
                        "\(action.rawValue)_\(facing.rawValue)",
                        (0..<action.frameCount).map { Pose(facing, action, $0) }
                    ))
            }
        }
        return rows
    }

    init(_ facing: Facing, _ action: Action, _ frame: Int) {
        self.facing = facing
        self.action = action
        self.frame = frame
        switch action {
        case .idle:
            bob = frame
        case .walk:
            bob = frame % 2 == 1 ? 1 : 0
            if facing == .right {
                strideNear = [2, 0, -2, 0][frame]
                strideFar = [-2, 0, 2, 0][frame]
                liftNear = frame == 3 ? 1 : 0
                liftFar = frame == 1 ? 1 : 0
            } else {
                liftLeft = frame == 0 ? 2 : 0
                liftRight = frame == 2 ? 2 : 0
            }
        case .atk:
            bob = frame == 2 ? 1 : 0
            lean = facing == .right ? [-1, 0, 1][frame] : 0
        }
        // Hands at rest, then the walk's arm swing or the attack's swing.
        switch facing {
        case .down:
            weaponHand = Point(9, 23 + bob)
            otherHand = Point(21, 23 + bob)
            weaponAngle = 135
        case .up:
            weaponHand = Point(21, 23 + bob)
            otherHand = Point(9, 23 + bob)
            weaponAngle = 45
        case .right:
            weaponHand = Point(15, 23 + bob)
            otherHand = Point(14, 22 + bob)
            weaponAngle = 45
        }
        if action == .walk {
            if facing == .right {
                weaponHand.x += [2, 0, -2, 0][frame]
                otherHand.x += [-2, 0, 2, 0][frame]
            } else {
                weaponHand.y += [-1, 0, 1, 0][frame]
                otherHand.y += [1, 0, -1, 0][frame]
            }
        }
        if action == .atk {
            switch facing {
            case .down:
                weaponHand = [Point(7, 17), Point(8, 22), Point(13, 23)][frame]
                weaponAngle = [135, 225, 315][frame]
            case .up:
                weaponHand = [Point(22, 23), Point(22, 18), Point(18, 15)][frame]
                weaponAngle = [315, 45, 135][frame]
            case .right:
                weaponHand = [Point(11, 16), Point(16, 15), Point(20, 21)][frame]
                weaponAngle = [135, 45, 0][frame]
                otherHand = [Point(16, 22), Point(14, 22), Point(13, 22)][frame]
            }
        }
    }
}

/// Why spritegen failed.
enum SpritegenError: Error, CustomStringConvertible {
    case usage(String)
    case io(String)

    var description: String {
        switch self {
        case .usage(let message): "usage: \(message)"
        case .io(let message): "I/O: \(message)"
        }
    }
}

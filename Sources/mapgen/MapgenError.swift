/// Why mapgen failed.
enum MapgenError: Error, CustomStringConvertible {
    case usage(String)
    case invalidWorld(String)

    var description: String {
        switch self {
        case .usage(let message): "usage: \(message)"
        case .invalidWorld(let message): "world check failed: \(message)"
        }
    }
}

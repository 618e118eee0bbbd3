import Redis

/// Why a cluster operation failed. Nothing here is fatal: a node keeps serving its own players through all of it.
package enum ClusterError: Error, Equatable, CustomStringConvertible {
    /// Redis is down (or the client's pending bound is reached): nothing was sent.
    case unavailable
    /// No answer within the request's timeout.
    case timeout
    /// No node listens on that node's channel (PUBLISH reached nobody).
    case unreachable(String)
    /// The other node answered with a failure (no handler for the kind, or the handler refused).
    case remote(String)
    /// Not `[A-Za-z0-9_-]{1,32}`.
    case invalidNodeID(String)
    /// Not a short ASCII word (`[A-Za-z0-9_.-]{1,32}`).
    case invalidKind(String)
    /// A body over ``ClusterBus/maxBodyBytes``.
    case tooLarge(Int)
    /// A node record or bus envelope that does not decode.
    case badPayload(String)
    case invalidConfiguration(String)
    /// Redis failed in another way (an error reply, a protocol violation).
    case redis(RedisError)

    package var description: String {
        switch self {
        case .unavailable: "cluster unavailable (Redis down)"
        case .timeout: "no answer in time"
        case .unreachable(let node): "node \(node) is not listening"
        case .remote(let message): "remote failure: \(message)"
        case .invalidNodeID(let id): "invalid node id '\(id)' (1-32 of A-Z a-z 0-9 _ -)"
        case .invalidKind(let kind): "invalid message kind '\(kind)'"
        case .tooLarge(let size): "message body of \(size) bytes is too large"
        case .badPayload(let why): "bad payload: \(why)"
        case .invalidConfiguration(let why): "invalid cluster configuration: \(why)"
        case .redis(let error): "\(error)"
        }
    }

    init(_ error: RedisError) {
        switch error {
        case .unavailable, .connectionLost: self = .unavailable
        case .timeout: self = .timeout
        default: self = .redis(error)
        }
    }
}

/// Node ids are Redis key suffixes, channel names and log words: a short safe alphabet keeps all three simple.
package enum NodeID {
    package static let maxLength = 32

    package static func isValid(_ id: String) -> Bool {
        isWord(id, maxLength: maxLength, extra: UInt8(ascii: "-"), UInt8(ascii: "_"))
    }

    /// 1…`maxLength` ASCII letters and digits, plus the `extra` bytes.
    static func isWord(_ text: String, maxLength: Int, extra: UInt8...) -> Bool {
        var count = 0
        for byte in text.utf8 {
            count += 1
            guard count <= maxLength else { return false }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            default:
                guard extra.contains(byte) else { return false }
            }
        }
        return count > 0
    }
}

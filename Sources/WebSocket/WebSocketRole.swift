/// Which end of the connection this endpoint is. It decides masking: a client masks every frame it sends and a
/// server never does, and each side fails the connection on a frame masked the wrong way (RFC 6455 §5.1, §5.3).
package enum WebSocketRole: Sendable, Equatable {
    case server
    case client
}

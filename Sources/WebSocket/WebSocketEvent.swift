/// What `WebSocketSession.next` found in the input. Pointers stay valid only until the next call to `next`.
package enum WebSocketEvent {
    /// Everything up to the end of the buffer was consumed; read more.
    case needMore
    /// A complete text message (already checked to be valid UTF-8) or binary message. The bytes may lie in the input
    /// buffer (an unfragmented frame that arrived whole) or in the session's reused assembly buffer.
    case message(WebSocketOpcode, UnsafeRawBufferPointer)
    /// A ping: answer with `writePong` carrying the same payload (RFC 6455 §5.5.2).
    case ping(UnsafeRawBufferPointer)
    /// A pong, solicited or not (RFC 6455 §5.5.3).
    case pong(UnsafeRawBufferPointer)
    /// The peer's close frame, already validated. If we had not sent a close, reply with `writeClose` echoing `code`
    /// (or 1000 when there is none) and then close the TCP connection (RFC 6455 §5.5.1); input after this is ignored.
    case closeReceived(code: UInt16?, reason: UnsafeRawBufferPointer)
    /// The peer broke the protocol: send `writeClose(code:)` with this code, flush, and close the TCP connection
    /// (RFC 6455 §7.1.7). Input after this is ignored.
    case failure(WebSocketCloseCode, reason: StaticString)
}

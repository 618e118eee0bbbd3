/// What `FrameParser.next` found in the input.
package enum FrameParseEvent {
    /// Every byte from `index` to the end of the buffer was consumed; feed more input.
    case needMore
    /// A validated frame header. One or more `.payload` events follow for this frame.
    case header(FrameHeader)
    /// A slice of the input buffer holding the next part of the current frame's payload, already unmasked in
    /// place. `isFrameEnd` marks the last slice; a zero-length frame yields one empty slice with `isFrameEnd` set.
    case payload(UnsafeMutableRawBufferPointer, isFrameEnd: Bool)
    /// The input broke RFC 6455; the connection must be failed with `code` (§7.1.7). The parser stays failed.
    case failure(WebSocketCloseCode, reason: StaticString)
}

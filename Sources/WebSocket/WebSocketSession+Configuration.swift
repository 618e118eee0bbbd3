extension WebSocketSession {
    /// Per-connection settings.
    package struct Configuration: Sendable {
        // Widest first, so the small ones pack together: every connection's session holds a copy.
        /// The largest message accepted, summed over its fragments; larger ones fail with 1009 (RFC 6455 §10.4).
        /// For compressed messages the limit applies to the compressed and to the inflated size alike.
        package var maxMessageSize: Int
        /// The most frames one data message may come in; more fail with 1008, so a peer cannot keep a message open
        /// forever with empty continuations.
        package var maxFragments: Int
        /// Messages shorter than this are sent uncompressed (RSV1 clear, allowed by RFC 7692 §6): deflating a few
        /// bytes alone costs CPU and gains nothing. With context takeover it is at most 8 bytes.
        package var compressionThreshold: Int
        /// When our side may keep context (the peer did not refuse it), the window of the per-connection deflate
        /// stream, made on the first compressed message; nil: compress every message alone with the shared stream.
        package var contextWindowBits: Int?
        /// The negotiated permessage-deflate parameters, or nil when messages are not compressed.
        package var deflate: PerMessageDeflateParameters?
        /// Server (expects masked frames, sends unmasked ones) or client (the reverse), per RFC 6455 §5.1.
        package var role: WebSocketRole
        /// Whether binary messages are taken; when false one fails with 1003 (RFC 6455 §7.4.1).
        package var acceptsBinary: Bool
        /// A configuration with a 64 KiB message limit unless told otherwise.
        package init(
            role: WebSocketRole, maxMessageSize: Int = 64 * 1024, maxFragments: Int = 1024, acceptsBinary: Bool = true,
            deflate: PerMessageDeflateParameters? = nil, compressionThreshold: Int = 64, contextWindowBits: Int? = nil
        ) {
            self.role = role
            self.maxMessageSize = maxMessageSize
            self.maxFragments = maxFragments
            self.acceptsBinary = acceptsBinary
            self.deflate = deflate
            self.compressionThreshold = compressionThreshold
            self.contextWindowBits = contextWindowBits
        }
    }
}

/// A complete response built by `StaticFiles`: head plus body, ready to write.
package struct StaticResponse: Sendable, Equatable {
    package var head: HTTPResponseHead
    /// The body to send: empty for HEAD requests and 304 responses.
    package var body: [UInt8]

    package init(head: HTTPResponseHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// The status code, for logs and tests.
    package var status: Int { head.status.code }
}

/// Size limits that bound how much memory one request or response head may use.
///
/// RFC 9112 §3 and RFC 9110 §5.4 leave these limits to the recipient; the defaults are generous for browsers
/// and small enough that a hostile peer cannot make a connection hold megabytes of header text.
package struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (or status line) in bytes, without its CRLF; longer is 414 (RFC 9112 §3).
    package var maxRequestLineLength: Int
    /// Largest header section in bytes, every line terminator included; larger is 431 (RFC 6585 §5).
    package var maxHeaderBytes: Int
    /// Most header field lines in one head; more is 431.
    package var maxHeaderCount: Int

    package init(maxRequestLineLength: Int = 8 * 1024, maxHeaderBytes: Int = 32 * 1024, maxHeaderCount: Int = 100) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }
}

import HTTP
import Storage
import Support

/// A browser's or bot's secret: 128 random bits from the kernel, carried as 32 hex digits in the `wq_token` cookie
/// (HttpOnly, so a page's scripts never see it). Whoever holds it plays the characters it created; the server
/// keeps only its SHA-256 (``digest``), so a stolen database gives no one a way in.
struct PlayerToken: Sendable, Equatable {
    static let cookieName = "wq_token"
    /// Cookies live 400 days, the most browsers keep one; every page load renews it.
    static let cookieLifetimeSeconds = 400 * 24 * 3600

    // Two words rather than an array: every session keeps its token, and an array is one more allocation each.
    private let high: UInt64
    private let low: UInt64

    /// The 16 bytes, most significant first.
    var bytes: [UInt8] {
        (0..<16).map { index in UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (56 - 8 * UInt64(index % 8))) }
    }

    /// A new token from the kernel's random source.
    static func random() -> PlayerToken { PlayerToken(bytes: SecureRandom.bytes(16)) }

    private init(bytes: [UInt8]) {
        precondition(bytes.count == 16, "a token is 16 bytes")
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The token in 32 hex digits, or nil for anything else.
    init?(hex: some StringProtocol) {
        guard hex.utf8.count == 32, let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// The token a request's `Cookie` carries, if it carries a well-formed one.
    init?(request: HTTPRequestHead) {
        guard let value = request.headers.cookie(named: Self.cookieName) else { return nil }
        self.init(hex: value)
    }

    var hex: String { Hex.encode(bytes) }

    /// What the store keeps.
    var digest: TokenDigest { SHA256.hash(bytes) }

    /// The `Set-Cookie` field that gives (or renews) this token: the whole site, Lax so that following a link to the
    /// game still sends it (Strict would make such a visit look like a new browser).
    var setCookie: (String, String) {
        (
            "Set-Cookie",
            "\(Self.cookieName)=\(hex); Max-Age=\(Self.cookieLifetimeSeconds); Path=/; HttpOnly; SameSite=Lax"
        )
    }

    /// Whether a request is for a page a browser opens (the game's, or BrowserQuest's original client served from
    /// `--public`): those responses carry the cookie, so the WebSocket the page opens next already has it.
    static func isDocument(_ request: HTTPRequestHead) -> Bool {
        let path = request.path
        return path.hasSuffix("/") || path.hasSuffix(".html") || path.hasSuffix(".htm")
    }
}

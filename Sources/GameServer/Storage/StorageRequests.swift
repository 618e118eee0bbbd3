import Storage
import World

/// A session's HELLO or LOGIN, as the storage thread answers it.
struct EnterRequest: Sendable {
    var session: SessionID
    /// Who asks: the digest of the browser's (or bot's) token.
    var token: TokenDigest
    /// The name as the world spells it (sanitized).
    var name: String
    /// LOGIN's password; nil for HELLO.
    var password: String?
    /// Closes the session (4002) when a newer session wants its character; called on the storage thread.
    var supersede: @Sendable () -> Void
    /// Where the answer goes; called once, on the storage thread (hop to the session's loop from there).
    var reply: @Sendable (EnterOutcome) -> Void
}

/// The storage thread's answer to an ``EnterRequest``.
enum EnterOutcome: Sendable {
    /// The character may enter: its sheet, whether it has played before, whether it has a password.
    case enter(CharacterSheet, returning: Bool, hasPassword: Bool)
    /// The name belongs to another token's character.
    case nameTaken
    /// LOGIN: no such character, no password, or the wrong one (one answer for all, so it tells nothing).
    case loginFailed
    /// Another session asked for the same character meanwhile; the newest wins.
    case superseded
    /// The store failed; the text is for the log, the player is asked to try again.
    case unavailable(String)
}

/// A playing session's PASSWORD.
struct PasswordRequest: Sendable {
    var character: Int64
    var new: String
    /// The password it has now, or "" when it has none.
    var current: String
    var reply: @Sendable (_ saved: Bool, _ text: String) -> Void
}

/// How the storage thread works.
package struct StorageConfiguration: Sendable {
    /// Commits are at least this far apart, so saves arriving every tick are written in batches.
    package var commitSpacing: Duration = .milliseconds(100)
    /// After a failed commit, the first wait before trying again; it doubles up to ``maxRetryDelay``.
    package var retryDelay: Duration = .seconds(1)
    package var maxRetryDelay: Duration = .seconds(10)
    /// How long a session asking for a character in play elsewhere waits for the other session's last save.
    package var supersedeTimeout: Duration = .seconds(10)
    /// PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP's 2023 figure; stored with each hash).
    package var passwordIterations = 600_000
    /// Accepted password lengths, in characters.
    package var passwordLength = 8...128
    /// How long ``StorageRunner/stop()`` keeps retrying the last commit.
    package var stopTimeout: Duration = .seconds(10)
    /// The cluster node this server is, when several share the store: characters are then leased to one node at a
    /// time (`CharacterStore.claimLease(character:node:ttlMilliseconds:)`). Nil on a single server.
    package var leaseNode: String?
    /// A lease not renewed for this long expires: how soon a crashed node's players may play elsewhere.
    package var leaseTTL: Duration = .seconds(3)
    /// How often the node renews its leases (a third of the TTL, so two renewals may fail before one expires).
    package var leaseRenewal: Duration = .seconds(1)
    /// How often a session waiting for a character leased to another node asks the store again.
    package var leaseRetry: Duration = .milliseconds(250)

    package init() {}
}

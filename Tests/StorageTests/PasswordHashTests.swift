import Storage
import Support
import Testing

/// The stored form of passwords: PBKDF2-HMAC-SHA256 in a self-describing text, checked against a published vector.
struct PasswordHashTests {
    @Test func aHashWithAKnownSaltIsThePublishedPBKDF2Vector() {
        // PBKDF2-HMAC-SHA256, P = "password", S = "salt", c = 4096, 32 bytes (RFC 6070's inputs, SHA-256's answer).
        let hash = PasswordHash.make("password", iterations: 4096, salt: Array("salt".utf8))
        #expect(hash == "pbkdf2-sha256$4096$73616c74$c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
        #expect(PasswordHash.verify("password", against: hash))
        #expect(!PasswordHash.verify("Password", against: hash))
        #expect(PasswordHash.iterations(of: hash) == 4096)
    }

    @Test func newHashesAreSaltedEachTime() {
        let first = PasswordHash.make("correct horse", iterations: 1000)
        let second = PasswordHash.make("correct horse", iterations: 1000)
        #expect(first != second)
        #expect(
            PasswordHash.verify("correct horse", against: first)
                && PasswordHash.verify("correct horse", against: second))
        #expect(first.split(separator: "$")[2].count == 32)  // 16 bytes of salt
    }

    @Test(arguments: [
        "", "pbkdf2-sha256", "pbkdf2-sha256$4096$73616c74", "md5$1$00$00", "pbkdf2-sha256$0$73616c74$00",
        "pbkdf2-sha256$x$73616c74$00", "pbkdf2-sha256$4096$zz$00", "pbkdf2-sha256$4096$73616c74$",
        "pbkdf2-sha256$99999999999$73616c74$00",
    ])
    func anythingElseNeverVerifies(stored: String) {
        #expect(!PasswordHash.verify("password", against: stored))
    }
}

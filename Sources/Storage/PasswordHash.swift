import Support

/// How a character's password is kept: PBKDF2-HMAC-SHA256 with a random 16-byte salt, in one self-describing
/// text, `pbkdf2-sha256$600000$<salt hex>$<hash hex>`, so the iteration count can rise later without breaking the
/// hashes already stored. Deliberately slow (about a third of a second at 600,000 iterations in a release build):
/// run it on a worker thread, never on an I/O loop, a world thread or the storage thread.
package enum PasswordHash {
    static let scheme = "pbkdf2-sha256"
    static let saltBytes = 16
    static let hashBytes = 32

    /// A new hash of `password` with a fresh salt from the kernel.
    package static func make(_ password: String, iterations: Int) -> String {
        make(password, iterations: iterations, salt: SecureRandom.bytes(saltBytes))
    }

    /// A hash with a given salt (for tests).
    package static func make(_ password: String, iterations: Int, salt: [UInt8]) -> String {
        let key = PBKDF2.deriveKey(
            password: Array(password.utf8), salt: salt, iterations: iterations, length: hashBytes)
        return "\(scheme)$\(iterations)$\(Hex.encode(salt))$\(Hex.encode(key))"
    }

    /// Whether `password` is the one `stored` was made from; false for anything that is not such a hash. The
    /// comparison takes the same time wherever the bytes differ.
    package static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]),
            (1...10_000_000).contains(iterations),
            let salt = Hex.decode(parts[2]), let expected = Hex.decode(parts[3]), !expected.isEmpty
        else { return false }
        let key = PBKDF2.deriveKey(
            password: Array(password.utf8), salt: salt, iterations: iterations, length: expected.count)
        return constantTimeEquals(key, expected)
    }

    /// The iteration count a stored hash was made with, if it is one.
    package static func iterations(of stored: String) -> Int? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme else { return nil }
        return Int(parts[1])
    }
}

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256 as the PRF: stretches a password into a key, or a stored password hash.
package enum PBKDF2 {
    /// The first `length` bytes of T(1) || T(2) || ..., where T(i) = U(1) ^ ... ^ U(c), U(1) = PRF(P, S || INT(i)),
    /// U(j) = PRF(P, U(j-1)) and c = `iterations`.
    ///
    /// The cost is 2 × `iterations` SHA-256 compressions per 32 bytes of key: the password's HMAC states are computed
    /// once, and the iterations work on eight-word values with no allocation.
    package static func deriveKey(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        precondition(length >= 1, "PBKDF2 derives at least one byte")
        // RFC 8018 §5.2 step 1: the block index is a 32-bit counter.
        precondition(length / SHA256.digestByteCount < Int(UInt32.max), "PBKDF2 key length too long")
        let prf = HMACSHA256(key: password)
        // Every block's first message starts with the salt, so hash it once after the key.
        var salted = prf.inner
        salted.update(salt)
        var key = [UInt8](repeating: 0, count: length)
        var blockIndex: UInt32 = 1
        var offset = 0
        while offset < length {
            var first = salted
            withUnsafeBytes(of: blockIndex.bigEndian) { first.update($0) }
            var u = prf.outerHash(ofInner: first.finalState())
            var t = u
            for _ in 1..<iterations {
                u = prf.authenticationCode(ofDigest: u)
                t.formXor(u)
            }
            let count = min(SHA256.digestByteCount, length - offset)
            withUnsafeTemporaryAllocation(byteCount: SHA256.digestByteCount, alignment: 4) { block in
                t.store(into: block)
                key.withUnsafeMutableBytes { key in
                    key.baseAddress!.advanced(by: offset).copyMemory(from: block.baseAddress!, byteCount: count)
                }
            }
            offset += count
            blockIndex &+= 1
        }
        return key
    }
}

extension SHA256.State {
    @inline(__always)
    fileprivate mutating func formXor(_ other: SHA256.State) {
        h0 ^= other.h0
        h1 ^= other.h1
        h2 ^= other.h2
        h3 ^= other.h3
        h4 ^= other.h4
        h5 ^= other.h5
        h6 ^= other.h6
        h7 ^= other.h7
    }
}

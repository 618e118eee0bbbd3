/// HMAC-SHA256 (RFC 2104, with SHA-256 as H): a keyed message authentication code, and PBKDF2's PRF.
///
/// The key is absorbed once, at `init`: the hash states after the padded key XOR ipad and XOR opad blocks are kept,
/// and every code starts from copies of them. That saves two of the four compressions of a short message, which is
/// most of PBKDF2's work.
package struct HMACSHA256: Sendable {
    // SHA-256 after (K ^ ipad) and after (K ^ opad), K being the key padded with zeros to one block (RFC 2104 §2).
    let inner: SHA256
    let outer: SHA256.State

    /// Prepares codes under `key`. A key longer than SHA-256's 64-byte block is hashed first (RFC 2104 §3).
    package init(key: some Collection<UInt8>) {
        var block = InlineArray<64, UInt8>(repeating: 0)
        let shortKey = key.count > SHA256.blockByteCount ? SHA256.hash(key) : Array(key)
        for (index, byte) in shortKey.enumerated() { block[index] = byte }
        for index in 0..<64 { block[index] ^= 0x36 }
        var innerState = SHA256.State.initial
        withUnsafeBytes(of: block) { innerState.compress(block: $0.baseAddress!) }
        // (K ^ ipad) ^ (ipad ^ opad) = K ^ opad, without keeping K itself around.
        for index in 0..<64 { block[index] ^= 0x36 ^ 0x5C }
        var outerState = SHA256.State.initial
        withUnsafeBytes(of: block) { outerState.compress(block: $0.baseAddress!) }
        inner = SHA256(state: innerState, totalBytes: 64)
        outer = outerState
    }

    /// The 32-byte code of `message`.
    package func authenticationCode(for message: some Collection<UInt8>) -> [UInt8] {
        var hasher = inner
        hasher.update(message)
        return Self.bytes(of: outerHash(ofInner: hasher.finalState()))
    }

    /// The 32-byte code of `message`.
    package func authenticationCode(for message: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = inner
        hasher.update(message)
        return Self.bytes(of: outerHash(ofInner: hasher.finalState()))
    }

    /// The code of a 32-byte message given as eight big-endian words, word for word: PBKDF2's U(j) = PRF(P, U(j-1)),
    /// which must cost two compressions and no allocation.
    @inline(__always)
    func authenticationCode(ofDigest message: SHA256.State) -> SHA256.State {
        var state = inner.state
        state.compressDigestBlock(message)
        return outerHash(ofInner: state)
    }

    /// H((K ^ opad) || inner): the inner hash is 32 bytes, so with its padding it fills exactly one block.
    @inline(__always)
    func outerHash(ofInner innerHash: SHA256.State) -> SHA256.State {
        var state = outer
        state.compressDigestBlock(innerHash)
        return state
    }

    private static func bytes(of state: SHA256.State) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { code, initialized in
            state.store(into: UnsafeMutableRawBufferPointer(code))
            initialized = 32
        }
    }
}

extension SHA256.State {
    /// Compresses the final block of a message that is one 64-byte key block and then a 32-byte digest: the digest's
    /// words, the 0x80 padding byte, zeros and the length, 96 bytes (FIPS 180-4 §5.1.1).
    @inline(__always)
    fileprivate mutating func compressDigestBlock(_ digest: SHA256.State) {
        compress(
            digest.h0, digest.h1, digest.h2, digest.h3, digest.h4, digest.h5, digest.h6, digest.h7,
            0x8000_0000, 0, 0, 0, 0, 0, 0, 96 * 8)
    }
}

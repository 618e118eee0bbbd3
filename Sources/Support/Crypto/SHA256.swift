/// SHA-256 (FIPS 180-4 §6.2): the hash under HMAC-SHA256 and PBKDF2, and so under stored password hashes.
///
/// A value type: copying a hasher forks the hash, which is how HMAC reuses its keyed states. Hashing never
/// allocates until `finalize`: the state and the partial block are inline, and full blocks are compressed straight
/// from the caller's memory.
package struct SHA256: Sendable {
    /// The digest's length in bytes.
    package static let digestByteCount = 32
    /// The block's length in bytes: what HMAC pads its key to.
    package static let blockByteCount = 64

    // The running hash value H0...H7.
    var state = State.initial
    // One 64-byte block being filled; only the first `bufferedCount` bytes are meaningful.
    private var buffer = InlineArray<64, UInt8>(repeating: 0)
    private var bufferedCount = 0
    private var totalBytes: UInt64 = 0

    /// A hasher that has seen no input.
    package init() {}

    /// Resumes from a chaining value after `totalBytes` bytes, a multiple of the block size (HMAC's keyed states).
    init(state: State, totalBytes: UInt64) {
        precondition(totalBytes % 64 == 0, "SHA-256 can resume only on a block boundary")
        self.state = state
        self.totalBytes = totalBytes
    }

    /// Feeds bytes into the hash.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var next = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        totalBytes &+= UInt64(remaining)
        if bufferedCount > 0 {
            // Top up the partial block first; it is compressed only once it is full.
            let taken = min(64 - bufferedCount, remaining)
            let start = bufferedCount
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.advanced(by: start).copyMemory(from: next, byteCount: taken)
            }
            bufferedCount += taken
            next += taken
            remaining -= taken
            guard bufferedCount == 64 else { return }
            compressBuffer()
        }
        while remaining >= 64 {
            state.compress(block: next)
            next += 64
            remaining -= 64
        }
        if remaining > 0 {
            let tail = next
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: tail, byteCount: remaining)
            }
            bufferedCount = remaining
        }
    }

    /// Feeds bytes into the hash. Contiguous collections (arrays, buffers) go through the block-at-a-time path.
    package mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        guard done == nil else { return }
        for byte in bytes {
            buffer[bufferedCount] = byte
            bufferedCount += 1
            totalBytes &+= 1
            if bufferedCount == 64 { compressBuffer() }
        }
    }

    /// The 32-byte digest of everything fed so far. Non-mutating: the hasher can go on taking input, so a hasher
    /// can also serve as a snapshot of a common prefix.
    package func finalize() -> [UInt8] {
        let final = finalState()
        return [UInt8](unsafeUninitializedCapacity: 32) { digest, initialized in
            final.store(into: UnsafeMutableRawBufferPointer(digest))
            initialized = 32
        }
    }

    /// The SHA-256 digest of `bytes` in one call.
    package static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes` in one call.
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The hash value after padding (FIPS 180-4 §5.1.1), as words: HMAC feeds it on without going through bytes.
    func finalState() -> State {
        var copy = self
        let bitLength = totalBytes &* 8
        var count = bufferedCount
        copy.buffer[count] = 0x80
        count += 1
        // The 64-bit length must fit after the 0x80; if it does not, it goes into one more block.
        if count > 56 {
            while count < 64 {
                copy.buffer[count] = 0
                count += 1
            }
            copy.compressBuffer()
            count = 0
        }
        while count < 56 {
            copy.buffer[count] = 0
            count += 1
        }
        for index in 0..<8 {
            copy.buffer[56 + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - 8 * index))
        }
        copy.compressBuffer()
        return copy.state
    }

    private mutating func compressBuffer() {
        let block = buffer
        withUnsafeBytes(of: block) { state.compress(block: $0.baseAddress!) }
        bufferedCount = 0
    }
}

extension SHA256 {
    /// The eight working words H0...H7 (FIPS 180-4 §6.2.2), kept as separate stored properties so that they live in
    /// registers across the rounds rather than in memory behind bounds checks.
    struct State: Sendable, Equatable {
        var h0: UInt32
        var h1: UInt32
        var h2: UInt32
        var h3: UInt32
        var h4: UInt32
        var h5: UInt32
        var h6: UInt32
        var h7: UInt32

        /// H(0) of FIPS 180-4 §5.3.3.
        static let initial = State(
            h0: 0x6A09_E667, h1: 0xBB67_AE85, h2: 0x3C6E_F372, h3: 0xA54F_F53A,
            h4: 0x510E_527F, h5: 0x9B05_688C, h6: 0x1F83_D9AB, h7: 0x5BE0_CD19)

        /// Writes the words big-endian (FIPS 180-4 §3.1) into the first 32 bytes of `bytes`.
        func store(into bytes: UnsafeMutableRawBufferPointer) {
            precondition(bytes.count >= 32)
            bytes.storeBytes(of: h0.bigEndian, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: h1.bigEndian, toByteOffset: 4, as: UInt32.self)
            bytes.storeBytes(of: h2.bigEndian, toByteOffset: 8, as: UInt32.self)
            bytes.storeBytes(of: h3.bigEndian, toByteOffset: 12, as: UInt32.self)
            bytes.storeBytes(of: h4.bigEndian, toByteOffset: 16, as: UInt32.self)
            bytes.storeBytes(of: h5.bigEndian, toByteOffset: 20, as: UInt32.self)
            bytes.storeBytes(of: h6.bigEndian, toByteOffset: 24, as: UInt32.self)
            bytes.storeBytes(of: h7.bigEndian, toByteOffset: 28, as: UInt32.self)
        }

        /// Compresses the 64 bytes at `block` into the state.
        @inline(__always)
        mutating func compress(block: UnsafeRawPointer) {
            // Message words are big-endian (FIPS 180-4 §3.1); the block may sit at any alignment in caller memory.
            @inline(__always) func word(_ index: Int) -> UInt32 {
                UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
            }
            compress(
                word(0), word(1), word(2), word(3), word(4), word(5), word(6), word(7),
                word(8), word(9), word(10), word(11), word(12), word(13), word(14), word(15))
        }

        /// Compresses one block given as its sixteen message words W0...W15 (FIPS 180-4 §6.2.2).
        ///
        /// Fully unrolled, with the working variables renamed from round to round instead of shifted, and the message
        /// schedule kept as a ring of sixteen locals: this is PBKDF2's inner loop, and this way every word stays in a
        /// register, with no array indexing or bounds checks.
        @inline(__always)
        mutating func compress(
            _ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32, _ w4: UInt32, _ w5: UInt32, _ w6: UInt32,
            _ w7: UInt32, _ w8: UInt32, _ w9: UInt32, _ w10: UInt32, _ w11: UInt32, _ w12: UInt32, _ w13: UInt32,
            _ w14: UInt32, _ w15: UInt32
        ) {
            var (w0, w1, w2, w3, w4, w5, w6, w7) = (w0, w1, w2, w3, w4, w5, w6, w7)
            var (w8, w9, w10, w11, w12, w13, w14, w15) = (w8, w9, w10, w11, w12, w13, w14, w15)
            var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
            // Rounds 0...15 take the block's words as they are (the constants K are FIPS 180-4 §4.2.2).
            round(a, b, c, &d, e, f, g, &h, 0x428A_2F98, w0)
            round(h, a, b, &c, d, e, f, &g, 0x7137_4491, w1)
            round(g, h, a, &b, c, d, e, &f, 0xB5C0_FBCF, w2)
            round(f, g, h, &a, b, c, d, &e, 0xE9B5_DBA5, w3)
            round(e, f, g, &h, a, b, c, &d, 0x3956_C25B, w4)
            round(d, e, f, &g, h, a, b, &c, 0x59F1_11F1, w5)
            round(c, d, e, &f, g, h, a, &b, 0x923F_82A4, w6)
            round(b, c, d, &e, f, g, h, &a, 0xAB1C_5ED5, w7)
            round(a, b, c, &d, e, f, g, &h, 0xD807_AA98, w8)
            round(h, a, b, &c, d, e, f, &g, 0x1283_5B01, w9)
            round(g, h, a, &b, c, d, e, &f, 0x2431_85BE, w10)
            round(f, g, h, &a, b, c, d, &e, 0x550C_7DC3, w11)
            round(e, f, g, &h, a, b, c, &d, 0x72BE_5D74, w12)
            round(d, e, f, &g, h, a, b, &c, 0x80DE_B1FE, w13)
            round(c, d, e, &f, g, h, a, &b, 0x9BDC_06A7, w14)
            round(b, c, d, &e, f, g, h, &a, 0xC19B_F174, w15)
            // Rounds 16...63 extend the schedule in place: Wt overwrites Wt-16 in the ring.
            round(a, b, c, &d, e, f, g, &h, 0xE49B_69C1, schedule(&w0, w14, w9, w1))
            round(h, a, b, &c, d, e, f, &g, 0xEFBE_4786, schedule(&w1, w15, w10, w2))
            round(g, h, a, &b, c, d, e, &f, 0x0FC1_9DC6, schedule(&w2, w0, w11, w3))
            round(f, g, h, &a, b, c, d, &e, 0x240C_A1CC, schedule(&w3, w1, w12, w4))
            round(e, f, g, &h, a, b, c, &d, 0x2DE9_2C6F, schedule(&w4, w2, w13, w5))
            round(d, e, f, &g, h, a, b, &c, 0x4A74_84AA, schedule(&w5, w3, w14, w6))
            round(c, d, e, &f, g, h, a, &b, 0x5CB0_A9DC, schedule(&w6, w4, w15, w7))
            round(b, c, d, &e, f, g, h, &a, 0x76F9_88DA, schedule(&w7, w5, w0, w8))
            round(a, b, c, &d, e, f, g, &h, 0x983E_5152, schedule(&w8, w6, w1, w9))
            round(h, a, b, &c, d, e, f, &g, 0xA831_C66D, schedule(&w9, w7, w2, w10))
            round(g, h, a, &b, c, d, e, &f, 0xB003_27C8, schedule(&w10, w8, w3, w11))
            round(f, g, h, &a, b, c, d, &e, 0xBF59_7FC7, schedule(&w11, w9, w4, w12))
            round(e, f, g, &h, a, b, c, &d, 0xC6E0_0BF3, schedule(&w12, w10, w5, w13))
            round(d, e, f, &g, h, a, b, &c, 0xD5A7_9147, schedule(&w13, w11, w6, w14))
            round(c, d, e, &f, g, h, a, &b, 0x06CA_6351, schedule(&w14, w12, w7, w15))
            round(b, c, d, &e, f, g, h, &a, 0x1429_2967, schedule(&w15, w13, w8, w0))
            round(a, b, c, &d, e, f, g, &h, 0x27B7_0A85, schedule(&w0, w14, w9, w1))
            round(h, a, b, &c, d, e, f, &g, 0x2E1B_2138, schedule(&w1, w15, w10, w2))
            round(g, h, a, &b, c, d, e, &f, 0x4D2C_6DFC, schedule(&w2, w0, w11, w3))
            round(f, g, h, &a, b, c, d, &e, 0x5338_0D13, schedule(&w3, w1, w12, w4))
            round(e, f, g, &h, a, b, c, &d, 0x650A_7354, schedule(&w4, w2, w13, w5))
            round(d, e, f, &g, h, a, b, &c, 0x766A_0ABB, schedule(&w5, w3, w14, w6))
            round(c, d, e, &f, g, h, a, &b, 0x81C2_C92E, schedule(&w6, w4, w15, w7))
            round(b, c, d, &e, f, g, h, &a, 0x9272_2C85, schedule(&w7, w5, w0, w8))
            round(a, b, c, &d, e, f, g, &h, 0xA2BF_E8A1, schedule(&w8, w6, w1, w9))
            round(h, a, b, &c, d, e, f, &g, 0xA81A_664B, schedule(&w9, w7, w2, w10))
            round(g, h, a, &b, c, d, e, &f, 0xC24B_8B70, schedule(&w10, w8, w3, w11))
            round(f, g, h, &a, b, c, d, &e, 0xC76C_51A3, schedule(&w11, w9, w4, w12))
            round(e, f, g, &h, a, b, c, &d, 0xD192_E819, schedule(&w12, w10, w5, w13))
            round(d, e, f, &g, h, a, b, &c, 0xD699_0624, schedule(&w13, w11, w6, w14))
            round(c, d, e, &f, g, h, a, &b, 0xF40E_3585, schedule(&w14, w12, w7, w15))
            round(b, c, d, &e, f, g, h, &a, 0x106A_A070, schedule(&w15, w13, w8, w0))
            round(a, b, c, &d, e, f, g, &h, 0x19A4_C116, schedule(&w0, w14, w9, w1))
            round(h, a, b, &c, d, e, f, &g, 0x1E37_6C08, schedule(&w1, w15, w10, w2))
            round(g, h, a, &b, c, d, e, &f, 0x2748_774C, schedule(&w2, w0, w11, w3))
            round(f, g, h, &a, b, c, d, &e, 0x34B0_BCB5, schedule(&w3, w1, w12, w4))
            round(e, f, g, &h, a, b, c, &d, 0x391C_0CB3, schedule(&w4, w2, w13, w5))
            round(d, e, f, &g, h, a, b, &c, 0x4ED8_AA4A, schedule(&w5, w3, w14, w6))
            round(c, d, e, &f, g, h, a, &b, 0x5B9C_CA4F, schedule(&w6, w4, w15, w7))
            round(b, c, d, &e, f, g, h, &a, 0x682E_6FF3, schedule(&w7, w5, w0, w8))
            round(a, b, c, &d, e, f, g, &h, 0x748F_82EE, schedule(&w8, w6, w1, w9))
            round(h, a, b, &c, d, e, f, &g, 0x78A5_636F, schedule(&w9, w7, w2, w10))
            round(g, h, a, &b, c, d, e, &f, 0x84C8_7814, schedule(&w10, w8, w3, w11))
            round(f, g, h, &a, b, c, d, &e, 0x8CC7_0208, schedule(&w11, w9, w4, w12))
            round(e, f, g, &h, a, b, c, &d, 0x90BE_FFFA, schedule(&w12, w10, w5, w13))
            round(d, e, f, &g, h, a, b, &c, 0xA450_6CEB, schedule(&w13, w11, w6, w14))
            round(c, d, e, &f, g, h, a, &b, 0xBEF9_A3F7, schedule(&w14, w12, w7, w15))
            round(b, c, d, &e, f, g, h, &a, 0xC671_78F2, schedule(&w15, w13, w8, w0))
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
            h5 &+= f
            h6 &+= g
            h7 &+= h
        }
    }
}

/// One round (FIPS 180-4 §6.2.2 step 3) with the rotation of a...h left to the caller's argument order: `d` becomes
/// the new `e` and `h` the new `a`, and the next call passes every variable one place along.
@inline(__always)
private func round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
    _ h: inout UInt32, _ k: UInt32, _ w: UInt32
) {
    // Σ1, Ch, Σ0 and Maj of FIPS 180-4 §4.1.2; Maj as (a & b) | (c & (a | b)), one operation fewer.
    let sum1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
    let choose = g ^ (e & (f ^ g))
    let t1 = h &+ sum1 &+ choose &+ k &+ w
    let sum0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
    let majority = (a & b) | (c & (a | b))
    d &+= t1
    h = t1 &+ sum0 &+ majority
}

/// Wt = σ1(Wt-2) + Wt-7 + σ0(Wt-15) + Wt-16 (FIPS 180-4 §6.2.2 step 1), written over Wt-16 and returned.
@inline(__always)
private func schedule(_ w16: inout UInt32, _ w2: UInt32, _ w7: UInt32, _ w15: UInt32) -> UInt32 {
    let sigma1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
    let sigma0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
    w16 = sigma1 &+ w7 &+ sigma0 &+ w16
    return w16
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}

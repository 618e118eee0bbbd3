import Glibc

/// Unpredictable bytes from the kernel's CSPRNG, for salts, session tokens and anything else an attacker must not
/// guess. (`SplitMix64` is for reproducible randomness, never for secrets.)
///
/// It goes through glibc's `getentropy(3)`, which is `getrandom(2)` with no flags: Swift's Glibc module does not
/// export `<sys/random.h>`, and `getentropy` is declared in `<unistd.h>`. Like `getrandom`, it blocks only until the
/// kernel's pool is first initialised at boot, and it never reads a file descriptor that could be missing or
/// exhausted (unlike `/dev/urandom`).
package enum SecureRandom {
    // getentropy's limit per call (EIO above it).
    private static let chunkLimit = 256

    /// `count` random bytes.
    package static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Fills `buffer` with random bytes.
    ///
    /// A failure other than an interrupted call stops the process: the kernel has had `getrandom` since 3.17, so it
    /// means a broken environment (a seccomp filter, a foreign libc), and callers that need a secret have no safe way
    /// to go on without one.
    package static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let count = min(chunkLimit, buffer.count - offset)
            if getentropy(base + offset, count) != 0 {
                // glibc already retries EINTR inside getentropy; retrying here too costs nothing.
                if errno == EINTR { continue }
                fatalError("getentropy(\(count) bytes) failed: \(String(cString: strerror(errno)))")
            }
            offset += count
        }
    }
}

import CLinux
import Glibc

/// An IPv4 or IPv6 address without a port, as 128 bits: IPv4 is held v4-mapped (`::ffff:a.b.c.d`), so a client
/// reaching a dual-stack listener as `::ffff:1.2.3.4` is the same address, with the same bans, as `1.2.3.4`.
package struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The first and last 64 bits, in host order.
    package let high: UInt64
    package let low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32 bits (host order).
    package init(v4 bits: UInt32) {
        high = 0
        low = 0xffff_0000_0000 | UInt64(bits)
    }

    /// An IPv6 address from its 16 bytes in network order; fewer than 16 bytes gives nil.
    package init?(v6 bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Parses numeric text: dotted-quad IPv4 without leading zeros, or IPv6 in any RFC 4291 form. No brackets, no
    /// port, no zone, no DNS.
    package init?(_ text: some StringProtocol) {
        let text = String(text)
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(v4: UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        self.init(v6: withUnsafeBytes(of: &v6) { Array($0) })
    }

    /// The host of a socket address; nil for Unix sockets.
    package init?(_ address: SocketAddress) {
        switch address {
        case .v4(let a): self.init(v4: UInt32(bigEndian: a.sin_addr.s_addr))
        case .v6(var a): self.init(v6: withUnsafeBytes(of: &a.sin6_addr) { Array($0) })
        case .unix: return nil
        }
    }

    /// Whether this is an IPv4 address (including one that arrived v4-mapped).
    package var isV4: Bool { high == 0 && low >> 32 == 0xffff }

    /// The IPv4 bits, when this is IPv4.
    package var v4Bits: UInt32? { isV4 ? UInt32(truncatingIfNeeded: low) : nil }

    /// Dotted quad for IPv4, RFC 5952 text for IPv6.
    package var description: String {
        if let bits = v4Bits {
            return "\(bits >> 24).\(bits >> 16 & 0xff).\(bits >> 8 & 0xff).\(bits & 0xff)"
        }
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { bytes in
            for index in 0..<8 {
                bytes[index] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * index))
                bytes[8 + index] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * index))
            }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A block of addresses, `10.0.0.0/8` or `2001:db8::/32`; a bare address is a block of one. IPv4 blocks also hold
/// the v4-mapped forms of their addresses.
package struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the block (host bits cleared).
    package let base: IPAddress
    /// The prefix length over the 128-bit form (an IPv4 `/8` is 104 here).
    package let prefixLength: Int

    /// Parses `address/prefix` or a bare address. Host bits are cleared (`10.1.2.3/8` is `10.0.0.0/8`).
    package init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        // The text decides the width: `::ffff:10.0.0.0/104` is written over 128 bits though it holds IPv4.
        let width = parts[0].contains(":") ? 128 : 32
        var length = width
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(digits), value <= width
            else { return nil }
            length = value
        }
        self.init(address, prefixLength: length + (128 - width))
    }

    /// The block of `prefixLength` leading bits (of the 128-bit form) around `address`.
    package init(_ address: IPAddress, prefixLength: Int) {
        self.prefixLength = min(max(prefixLength, 0), 128)
        let (highMask, lowMask) = CIDR.masks(self.prefixLength)
        base = IPAddress(high: address.high & highMask, low: address.low & lowMask)
    }

    /// Whether `address` lies in this block.
    package func contains(_ address: IPAddress) -> Bool {
        let (highMask, lowMask) = CIDR.masks(prefixLength)
        return address.high & highMask == base.high && address.low & lowMask == base.low
    }

    package var description: String {
        base.isV4 && prefixLength >= 96 ? "\(base)/\(prefixLength - 96)" : "\(base)/\(prefixLength)"
    }

    private static func masks(_ length: Int) -> (UInt64, UInt64) {
        let high: UInt64 = length >= 64 ? .max : (length == 0 ? 0 : .max << UInt64(64 - length))
        let low: UInt64 = length <= 64 ? 0 : (length == 128 ? .max : .max << UInt64(128 - length))
        return (high, low)
    }
}

extension Sequence<CIDR> {
    /// Whether any block holds `address`.
    package func contains(_ address: IPAddress) -> Bool {
        contains { $0.contains(address) }
    }
}

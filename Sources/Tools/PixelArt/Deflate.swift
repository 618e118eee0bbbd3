/// A small DEFLATE compressor (RFC 1951): LZ77 with hash chains, one block of fixed Huffman codes.
///
/// Tile sheets are mostly flat colours and repeated rows, so even fixed codes shrink them several times over.
package enum Deflate {
    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    /// Compresses `data` into a raw DEFLATE stream (no zlib header).
    package static func compress(_ data: [UInt8]) -> [UInt8] {
        var out = BitWriter()
        out.write(1, count: 1)  // BFINAL: the only block
        out.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
        let window = 32_768
        let maxChain = 48
        var head = [Int](repeating: -1, count: 1 << 15)
        var previous = [Int](repeating: -1, count: data.count)
        func hash(_ i: Int) -> Int {
            (Int(data[i]) << 10 ^ Int(data[i + 1]) << 5 ^ Int(data[i + 2])) & 0x7FFF
        }
        func insert(_ i: Int) {
            guard i + 2 < data.count else { return }
            let h = hash(i)
            previous[i] = head[h]
            head[h] = i
        }
        var i = 0
        while i < data.count {
            var bestLength = 0
            var bestDistance = 0
            if i + 2 < data.count {
                var candidate = head[hash(i)]
                var chain = 0
                while candidate >= 0 && i - candidate <= window && chain < maxChain {
                    var length = 0
                    let limit = min(258, data.count - i)
                    while length < limit && data[candidate + length] == data[i + length] { length += 1 }
                    if length > bestLength {
                        bestLength = length
                        bestDistance = i - candidate
                        if length == limit { break }
                    }
                    candidate = previous[candidate]
                    chain += 1
                }
            }
            if bestLength >= 3 {
                writeLength(bestLength, to: &out)
                writeDistance(bestDistance, to: &out)
                for j in i..<(i + bestLength) { insert(j) }
                i += bestLength
            } else {
                writeSymbol(Int(data[i]), to: &out)
                insert(i)
                i += 1
            }
        }
        writeSymbol(256, to: &out)
        return out.finish()
    }

    /// Writes a literal/length symbol with the fixed code (RFC 1951 §3.2.6).
    private static func writeSymbol(_ symbol: Int, to out: inout BitWriter) {
        switch symbol {
        case 0...143: out.writeHuffman(0x30 + symbol, count: 8)
        case 144...255: out.writeHuffman(0x190 + symbol - 144, count: 9)
        case 256...279: out.writeHuffman(symbol - 256, count: 7)
        default: out.writeHuffman(0xC0 + symbol - 280, count: 8)
        }
    }

    private static func writeLength(_ length: Int, to out: inout BitWriter) {
        var code = lengthBase.count - 1
        while lengthBase[code] > length { code -= 1 }
        writeSymbol(257 + code, to: &out)
        out.write(length - lengthBase[code], count: lengthExtra[code])
    }

    private static func writeDistance(_ distance: Int, to out: inout BitWriter) {
        var code = distanceBase.count - 1
        while distanceBase[code] > distance { code -= 1 }
        out.writeHuffman(code, count: 5)
        out.write(distance - distanceBase[code], count: distanceExtra[code])
    }
}

/// Packs bits least-significant first, as DEFLATE streams are laid out.
private struct BitWriter {
    private var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var filled = 0

    /// Writes the low `count` bits of `value`, least significant first (extra bits, headers).
    package mutating func write(_ value: Int, count: Int) {
        guard count > 0 else { return }
        buffer |= UInt64(value & ((1 << count) - 1)) << UInt64(filled)
        filled += count
        while filled >= 8 {
            bytes.append(UInt8(buffer & 0xFF))
            buffer >>= 8
            filled -= 8
        }
    }

    /// Writes a Huffman code, whose bits go most significant first.
    package mutating func writeHuffman(_ code: Int, count: Int) {
        var reversed = 0
        for bit in 0..<count where code & (1 << bit) != 0 { reversed |= 1 << (count - 1 - bit) }
        write(reversed, count: count)
    }

    package mutating func finish() -> [UInt8] {
        if filled > 0 { bytes.append(UInt8(buffer & 0xFF)) }
        return bytes
    }
}

/// A minimal PNG encoder: 8-bit RGBA, a per-row filter chosen by the usual minimum-sum heuristic, and a zlib
/// stream from `Deflate` (or stored blocks, for checking the encoder against a trivial path).
package enum PNGEncoder {
    /// Encodes `rgba` (row-major, 4 bytes per pixel) as a PNG file.
    package static func encode(width: Int, height: Int, rgba: [UInt8], compress: Bool = true) -> [UInt8] {
        precondition(rgba.count == width * height * 4, "pixel buffer does not match the size")
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        // Bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace.
        header += [8, 6, 0, 0, 0]
        appendChunk("IHDR", header, to: &out)

        // Each scanline starts with its filter byte (PNG §9): the filter whose output has the smallest sum of
        // absolute values tends to compress best.
        let stride = width * 4
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (stride + 1))
        var previous = [UInt8](repeating: 0, count: stride)
        for y in 0..<height {
            let row = Array(rgba[(y * stride)..<((y + 1) * stride)])
            var best: [UInt8] = []
            var bestScore = Int.max
            for filter in 0..<5 {
                let filtered = Self.filter(row, previous: previous, type: filter)
                let score = filtered.reduce(0) { $0 + min(Int($1), 256 - Int($1)) }
                if score < bestScore {
                    bestScore = score
                    best = [UInt8(filter)] + filtered
                }
            }
            raw += best
            previous = row
        }
        let stream = compress ? [0x78, 0x01] + Deflate.compress(raw) + bigEndian(adler32(raw)) : zlibStored(raw)
        appendChunk("IDAT", stream, to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// Applies PNG filter `type` (0 none, 1 sub, 2 up, 3 average, 4 Paeth) to one scanline.
    package static func filter(_ row: [UInt8], previous: [UInt8], type: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: row.count)
        for i in row.indices {
            let a = i >= 4 ? Int(row[i - 4]) : 0
            let b = Int(previous[i])
            let c = i >= 4 ? Int(previous[i - 4]) : 0
            let predicted: Int
            switch type {
            case 1: predicted = a
            case 2: predicted = b
            case 3: predicted = (a + b) / 2
            case 4:
                let p = a + b - c
                let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
            default: predicted = 0
            }
            out[i] = UInt8(truncatingIfNeeded: Int(row[i]) - predicted)
        }
        return out
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        appendBigEndian(value, to: &out)
        return out
    }

    /// Wraps `data` in a zlib stream made of stored deflate blocks (RFC 1950, RFC 1951 §3.2.4).
    package static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 makes CMF·256+FLG a multiple of 31.
        var out: [UInt8] = [0x78, 0x01]
        let blockSize = 65_535
        var offset = 0
        repeat {
            let count = min(blockSize, data.count - offset)
            let isLast = offset + count >= data.count
            out.append(isLast ? 1 : 0)
            out.append(UInt8(count & 0xFF))
            out.append(UInt8(count >> 8))
            out.append(UInt8(~count & 0xFF))
            out.append(UInt8((~count >> 8) & 0xFF))
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        appendBigEndian(adler32(data), to: &out)
        return out
    }

    /// Adler-32 checksum (RFC 1950 §8.2).
    package static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        // 5552 bytes is the most that can be summed before the 32-bit sums might overflow.
        var index = 0
        while index < data.count {
            let end = min(index + 5552, data.count)
            for byte in data[index..<end] {
                a &+= UInt32(byte)
                b &+= a
            }
            a %= 65_521
            b %= 65_521
            index = end
        }
        return b << 16 | a
    }

    /// CRC-32 (ISO 3309, polynomial 0xEDB88320) as PNG chunks use it.
    package static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 {
            c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &out)
        let typed = Array(type.utf8) + data
        out += typed
        appendBigEndian(crc32(typed), to: &out)
    }

    private static func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

extension Canvas {
    /// The canvas as an RGBA PNG file.
    package var pngBytes: [UInt8] { PNGEncoder.encode(width: width, height: height, rgba: rgbaBytes) }
}

import Support

/// Decodes a Tiled tile layer's `data`: a JSON array of GIDs, or (with `"encoding": "base64"`) uncompressed
/// little-endian 32-bit GIDs in base64. Compressed layers are refused with an error naming the layer.
enum TiledLayerData {
    /// The layer's raw GIDs (flip flags included), exactly `width × height` of them in row-major order.
    static func gids(of layer: MapFields, name: String, width: Int, height: Int) throws(MapLoadError) -> [UInt32] {
        let count = width * height
        if let layerWidth = try layer.optionalInt("width"), let layerHeight = try layer.optionalInt("height"),
            layerWidth != width || layerHeight != height
        {
            throw layer.error(
                .invalidValue, nil, "tile layer \"\(name)\" is \(layerWidth)×\(layerHeight), the map \(width)×\(height)"
            )
        }
        if let compression = try layer.optionalString("compression"), !compression.isEmpty {
            throw layer.error(
                .unsupported, "compression",
                "tile layer \"\(name)\" is \(compression)-compressed; save it uncompressed (CSV or base64)")
        }
        let encoding = try layer.optionalString("encoding") ?? "csv"
        let gids: [UInt32]
        switch encoding {
        case "csv":
            gids = try fromArray(layer.array("data"), layer: layer)
        case "base64":
            guard let decoded = decodeBase64(Array(try layer.string("data").utf8)), decoded.count % 4 == 0 else {
                throw layer.error(.invalidValue, "data", "tile layer \"\(name)\" has invalid base64 data")
            }
            gids = littleEndianWords(decoded)
        default:
            throw layer.error(.unsupported, "encoding", "tile layer \"\(name)\" has unknown encoding \"\(encoding)\"")
        }
        guard gids.count == count else {
            throw layer.error(.invalidValue, "data", "tile layer \"\(name)\" has \(gids.count) tiles, not \(count)")
        }
        return gids
    }

    private static func littleEndianWords(_ bytes: [UInt8]) -> [UInt32] {
        var words: [UInt32] = []
        words.reserveCapacity(bytes.count / 4)
        for offset in stride(from: 0, to: bytes.count - 3, by: 4) {
            var word = UInt32(bytes[offset])
            word |= UInt32(bytes[offset + 1]) << 8
            word |= UInt32(bytes[offset + 2]) << 16
            word |= UInt32(bytes[offset + 3]) << 24
            words.append(word)
        }
        return words
    }

    private static func fromArray(_ elements: [JSONValue], layer: MapFields) throws(MapLoadError) -> [UInt32] {
        var gids: [UInt32] = []
        gids.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .integer(let gid) = element, gid >= 0, gid <= Int(UInt32.max) else {
                throw layer.error(
                    .invalidValue, "data", "element \(index) is not a tile GID: \(MapFields.show(element))")
            }
            gids.append(UInt32(gid))
        }
        return gids
    }

    /// Standard base64 (RFC 4648 §4) with optional `=` padding; nil on any other byte.
    static func decodeBase64(_ text: [UInt8]) -> [UInt8]? {
        var end = text.count
        while end > 0 && text[end - 1] == UInt8(ascii: "=") && text.count - end < 2 { end -= 1 }
        guard text.count % 4 == 0 || end == text.count else { return nil }
        guard end % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(end / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text[..<end] {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            default: return nil
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}

import Glibc

/// Writes whole files with Glibc's stdio.
enum FileOutput {
    /// Writes `bytes` to `path`, replacing the file.
    /// - Throws: `SpritegenError.io` when the file can't be opened or written.
    static func write(_ bytes: [UInt8], to path: String) throws(SpritegenError) {
        guard let file = fopen(path, "wb") else { throw .io("cannot open \(path) for writing") }
        defer { fclose(file) }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw .io("short write to \(path)") }
    }

    /// Writes `text` as UTF-8 to `path`.
    static func write(_ text: String, to path: String) throws(SpritegenError) {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `path` as a directory unless it exists.
    static func makeDirectory(_ path: String) throws(SpritegenError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .io("cannot create directory \(path)") }
    }

    /// Writes `canvas` as an RGBA PNG.
    static func writePNG(_ canvas: Canvas, to path: String) throws(SpritegenError) {
        try write(PNGEncoder.encode(width: canvas.width, height: canvas.height, rgba: canvas.rgbaBytes), to: path)
    }
}

/// Why spritegen failed.
enum SpritegenError: Error, CustomStringConvertible {
    case usage(String)
    case io(String)

    var description: String {
        switch self {
        case .usage(let message): "usage: \(message)"
        case .io(let message): "I/O: \(message)"
        }
    }
}

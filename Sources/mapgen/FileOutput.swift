import Glibc

/// Writes whole files with Glibc's stdio.
enum FileOutput {
    /// Writes `bytes` to `path`, replacing the file.
    /// - Throws: `MapgenError.io` when the file can't be opened or written.
    static func write(_ bytes: [UInt8], to path: String) throws(MapgenError) {
        guard let file = fopen(path, "wb") else { throw .io("cannot open \(path) for writing") }
        defer { fclose(file) }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw .io("short write to \(path)") }
    }

    /// Writes `text` as UTF-8 to `path`.
    /// - Throws: `MapgenError.io` when the file can't be written.
    static func write(_ text: String, to path: String) throws(MapgenError) {
        try write(Array(text.utf8), to: path)
    }
}

/// Why mapgen failed.
enum MapgenError: Error, CustomStringConvertible {
    case usage(String)
    case io(String)
    case invalidWorld(String)

    var description: String {
        switch self {
        case .usage(let message): "usage: \(message)"
        case .io(let message): "I/O: \(message)"
        case .invalidWorld(let message): "world check failed: \(message)"
        }
    }
}

import Glibc

/// Writing the generators' output files, with Glibc (the tools use no Foundation).
package enum FileOutput {
    /// Writes `bytes` to `path`, replacing the file.
    package static func write(_ bytes: [UInt8], to path: String) throws(FileOutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileOutputError(message: "cannot open \(path) for writing") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileOutputError(message: "cannot write \(path)")
            }
            offset += n
        }
    }

    package static func write(_ text: String, to path: String) throws(FileOutputError) {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `path` as a directory unless it exists.
    package static func makeDirectory(_ path: String) throws(FileOutputError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw FileOutputError(message: "cannot create directory \(path)")
        }
    }

    /// Writes `canvas` as an RGBA PNG.
    package static func writePNG(_ canvas: Canvas, to path: String) throws(FileOutputError) {
        try write(PNGEncoder.encode(width: canvas.width, height: canvas.height, rgba: canvas.rgbaBytes), to: path)
    }
}

/// A file the generators could not write.
package struct FileOutputError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

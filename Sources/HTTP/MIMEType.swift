/// Media types for the file extensions this server publishes.
package enum MIMEType {
    /// The Content-Type for a file extension (without the dot), case-insensitively;
    /// `application/octet-stream` when unknown.
    package static func forExtension(_ ext: some StringProtocol) -> String {
        // Text types carry an explicit charset so browsers do not sniff one (RFC 9110 §8.3.1).
        switch ext.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        // Tiled map (.tmj) and tileset (.tsj) files are JSON documents.
        case "json", "tmj", "tsj", "map": "application/json"
        case "wasm": "application/wasm"
        case "png": "image/png"
        case "gif": "image/gif"
        case "jpg", "jpeg": "image/jpeg"
        case "svg": "image/svg+xml"
        case "ico": "image/x-icon"
        case "webp": "image/webp"
        case "ogg": "audio/ogg"
        case "mp3": "audio/mpeg"
        case "wav": "audio/wav"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        default: "application/octet-stream"
        }
    }
}

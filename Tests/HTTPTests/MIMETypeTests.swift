import Testing

@testable import HTTP

struct MIMETypeTests {
    @Test(arguments: [
        ("html", "text/html; charset=utf-8"), ("htm", "text/html; charset=utf-8"), ("HTML", "text/html; charset=utf-8"),
        ("js", "text/javascript; charset=utf-8"), ("mjs", "text/javascript; charset=utf-8"),
        ("css", "text/css; charset=utf-8"), ("json", "application/json"), ("tmj", "application/json"),
        ("tsj", "application/json"), ("png", "image/png"), ("PNG", "image/png"), ("svg", "image/svg+xml"),
        ("ico", "image/x-icon"), ("ogg", "audio/ogg"), ("mp3", "audio/mpeg"), ("wasm", "application/wasm"),
        ("txt", "text/plain; charset=utf-8"), ("md", "text/markdown; charset=utf-8"), ("webp", "image/webp"),
        ("woff2", "font/woff2"), ("gif", "image/gif"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"),
        ("Jpeg", "image/jpeg"), ("", "application/octet-stream"), ("exe", "application/octet-stream"),
    ])
    func contentTypes(_ ext: String, _ expected: String) {
        #expect(MIMEType.forExtension(ext) == expected)
        #expect(MIMEType.forExtension(ext[...]) == expected)
    }
}

import Testing

@testable import HTTP

struct PathSanitizerTests {
    @Test(arguments: [
        ("/", [String](), true), ("/index.html", ["index.html"], false), ("/js/a.js", ["js", "a.js"], false),
        ("/maps/", ["maps"], true), ("//a///b/./c/", ["a", "b", "c"], true), ("/a/.", ["a"], false),
        ("/hello%20world.txt", ["hello world.txt"], false), ("/caf%C3%A9", ["caf\u{E9}"], false),
        ("/a.js?v=1", ["a.js"], false), ("/a+b", ["a+b"], false), ("/..a/b..", ["..a", "b.."], false),
    ])
    func acceptedPaths(_ path: String, _ segments: [String], _ trailingSlash: Bool) {
        #expect(
            PathSanitizer.relativePath(fromRequestPath: path)
                == .success(SanitizedPath(segments: segments, hasTrailingSlash: trailingSlash)))
    }

    @Test(arguments: [
        ("/../Package.swift", "'..' segment in path"), ("/%2e%2e/Package.swift", "'..' segment in path"),
        ("/a/%2E%2e/b", "'..' segment in path"), ("/a/%2E./b", "'..' segment in path"),
        ("/a/..", "'..' segment in path"), ("/%00", "NUL in path"), ("/a%2fb", "encoded slash in path segment"),
        ("/a%2Fb", "encoded slash in path segment"), ("/foo%zz", "invalid percent-encoding"),
        ("/foo%2", "invalid percent-encoding"), ("/a\\b", "backslash in path"), ("/a%5cb", "backslash in path"),
        ("/a%0Ab", "control character in path"), ("/%FF", "path is not UTF-8"),
        ("relative", "path must start with '/'"), ("*", "path must start with '/'"),
    ])
    func rejectedPaths(_ path: String, _ reason: String) {
        #expect(PathSanitizer.relativePath(fromRequestPath: path) == .failure(.badRequest(reason)))
    }

    @Test func encodesSegmentsForLocations() {
        #expect(PathSanitizer.percentEncode(segment: "a b/c?") == "a%20b%2Fc%3F")
        #expect(PathSanitizer.percentEncode(segment: "caf\u{E9}-._~") == "caf%C3%A9-._~")
    }
}

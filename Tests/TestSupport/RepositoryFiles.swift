import Glibc
import Support

/// This checkout's root, found from this file's real path (the tests may be built through a symlink to the sources).
package func repositoryRoot(file: String = #filePath) -> String {
    var path = file
    if let resolved = realpath(file, nil) {
        path = String(cString: resolved)
        free(resolved)
    }
    var components = path.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)  // Tests/TestSupport/RepositoryFiles.swift
    return components.joined(separator: "/")
}

/// The text of the file at `path` relative to the repository root (the client's JS, a DocC article, the map), or nil
/// if it cannot be read.
package func readRepositoryFile(_ path: String) -> String? {
    guard let bytes = try? readFile(repositoryRoot() + "/" + path) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
}

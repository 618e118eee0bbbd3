import Glibc
import Support
import Testing

/// Temporary files and directories under /tmp for the tests that need real paths.
enum TemporaryFile {
    static func write(_ text: String) throws -> String {
        var template = Array("/tmp/wq-support-test-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        try #require(fd >= 0)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
        return String(cString: template)
    }

    static func directory() throws -> String {
        var template = Array("/tmp/wq-support-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(made != nil)
        return String(cString: template)
    }

    static func makeDirectory(_ path: String) throws { try #require(mkdir(path, 0o755) == 0) }

    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR, let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { remove(path + "/" + name) }
            }
            closedir(directory)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

struct AssetLocatorTests {
    @Test func looksBesideTheExecutableThenInShareThenInTheCurrentDirectory() {
        let places = AssetLocator.candidates(
            "Public", executableDirectory: "/opt/wq/bin", currentDirectory: "/home/op", shareName: "wirequest")
        #expect(places.map(\.path) == ["/opt/wq/bin/Public", "/opt/wq/share/wirequest/Public", "/home/op/Public"])
        let withoutExecutable = AssetLocator.candidates(
            "Maps", executableDirectory: nil, currentDirectory: "/srv/", shareName: "wirequest")
        #expect(withoutExecutable.map(\.path) == ["/srv/Maps"])
    }

    @Test func findsTheFirstDirectoryThatExists() throws {
        let root = try TemporaryFile.directory()
        defer { TemporaryFile.remove(root) }
        try TemporaryFile.makeDirectory(root + "/bin")
        try TemporaryFile.makeDirectory(root + "/share")
        try TemporaryFile.makeDirectory(root + "/share/wirequest")
        try TemporaryFile.makeDirectory(root + "/share/wirequest/Public")
        try TemporaryFile.makeDirectory(root + "/cwd")
        try TemporaryFile.makeDirectory(root + "/cwd/Public")
        let found = try AssetLocator.findDirectory(
            "Public", option: "public", executableDirectory: root + "/bin", currentDirectory: root + "/cwd",
            shareName: "wirequest")
        #expect(found.path == root + "/share/wirequest/Public")
        try TemporaryFile.makeDirectory(root + "/bin/Public")
        let beside = try AssetLocator.findDirectory(
            "Public", option: "public", executableDirectory: root + "/bin", currentDirectory: root + "/cwd",
            shareName: "wirequest")
        #expect(beside == AssetLocation(path: root + "/bin/Public", reason: "beside the executable"))
        #expect {
            _ = try AssetLocator.findDirectory(
                "Maps", option: "maps", executableDirectory: root + "/bin", currentDirectory: root + "/cwd",
                shareName: "wirequest")
        } throws: { error in
            guard let failure = error as? CommandFailure else { return false }
            return failure.exitCode == .noInput && failure.message.contains(root + "/bin/Maps")
                && failure.message.contains(root + "/cwd/Maps") && failure.message.hasSuffix("--maps")
        }
    }

    @Test func aGivenDirectoryThatCannotBeReadNamesWhereItWasLookedUp() throws {
        let root = try TemporaryFile.directory()
        defer { TemporaryFile.remove(root) }
        #expect(try AssetLocator.givenDirectory(".", option: "public", currentDirectory: root).path == root + "/.")
        #expect {
            _ = try AssetLocator.givenDirectory("Publik", option: "public", currentDirectory: root)
        } throws: {
            ($0 as? CommandFailure)?.message
                == "--public 'Publik': No such file or directory (\(root)/Publik, looked up from \(root), the current directory)"
        }
        let file = try TemporaryFile.write("not a directory")
        defer { TemporaryFile.remove(file) }
        #expect {
            _ = try AssetLocator.givenDirectory(file, option: "maps", currentDirectory: root)
        } throws: { ($0 as? CommandFailure)?.message == "--maps '\(file)': not a directory" }
    }

    @Test func aRelativeMapIsLookedUpInTheCurrentDirectoryThenInTheMapsDirectory() throws {
        let root = try TemporaryFile.directory()
        defer { TemporaryFile.remove(root) }
        try TemporaryFile.makeDirectory(root + "/Maps")
        try TemporaryFile.makeDirectory(root + "/cwd")
        let world = root + "/Maps/world.tmj"
        try #require(FileCreation.create(world))
        let byDefault = try AssetLocator.mapFile(nil, mapsDirectory: root + "/Maps", currentDirectory: root + "/cwd")
        #expect(byDefault.path == world)
        let inMaps = try AssetLocator.mapFile(
            "world.tmj", mapsDirectory: root + "/Maps", currentDirectory: root + "/cwd")
        #expect(inMaps.path == world)
        let fromHere = try AssetLocator.mapFile("Maps/world.tmj", mapsDirectory: root + "/cwd", currentDirectory: root)
        #expect(fromHere.path == root + "/Maps/world.tmj")
        #expect {
            _ = try AssetLocator.mapFile("other.tmj", mapsDirectory: root + "/Maps", currentDirectory: root + "/cwd")
        } throws: { error in
            guard let message = (error as? CommandFailure)?.message else { return false }
            return message.hasPrefix("--map 'other.tmj': No such file or directory (\(root)/cwd/other.tmj")
                && message.contains("nor \(root)/Maps/other.tmj, looked up from the maps directory")
        }
        #expect {
            _ = try AssetLocator.mapFile(nil, mapsDirectory: root + "/cwd", currentDirectory: root)
        } throws: { ($0 as? CommandFailure)?.message.contains("\(root)/cwd/world.tmj") == true }
        #expect {
            _ = try AssetLocator.mapFile(root + "/Maps", mapsDirectory: root + "/Maps", currentDirectory: root)
        } throws: { ($0 as? CommandFailure)?.message.contains("a directory, not a file") == true }
    }

    @Test func listenFailuresNameTheAddressAndTheOption() {
        #expect(
            ListenFailure.message(errnoCode: EADDRINUSE, host: "0.0.0.0", port: 8000, option: "--port")
                == "0.0.0.0:8000 is in use by another process; stop it or choose another port with --port")
        #expect(
            ListenFailure.message(errnoCode: EADDRINUSE, host: "::1", port: 9100, option: "--metrics-listen")?
                .hasPrefix("[::1]:9100 is in use") == true)
        #expect(
            ListenFailure.message(errnoCode: EACCES, host: "0.0.0.0", port: 80, option: "--port")?
                .contains("CAP_NET_BIND_SERVICE") == true)
        #expect(ListenFailure.message(errnoCode: EMFILE, host: "0.0.0.0", port: 80, option: "--port") == nil)
    }

    @Test func absolutePathsAndParents() {
        #expect(FilePaths.absolute("Public", from: "/srv") == "/srv/Public")
        #expect(FilePaths.absolute("/etc/x", from: "/srv") == "/etc/x")
        #expect(FilePaths.parent("/usr/local/bin") == "/usr/local")
        #expect(FilePaths.parent("/wirequest") == "/")
        #expect(FilePaths.executableDirectory()?.hasPrefix("/") == true)
    }
}

enum FileCreation {
    static func create(_ path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }
}

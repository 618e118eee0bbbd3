import Glibc

/// A file or directory a command uses, as found: its absolute path and how it was found, for the start-up log line
/// and for error messages that say where to look.
package struct AssetLocation: Sendable, Equatable, CustomStringConvertible {
    package var path: String
    /// "beside the executable", "from the current directory /srv", …
    package var reason: String

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    package var description: String { "\(path) (\(reason))" }
}

/// Finds what a server ships with (its `Public/` and `Maps/` directories) wherever it is installed, and checks that
/// what an operator names can be read, with messages that name the path, what it resolved to and from where.
package enum AssetLocator {
    /// Where a directory `name` not named on the command line is looked for, in order: beside the executable (an
    /// unpacked release), `<executable's directory>/../share/<shareName>` (a `/usr/local` install), then the current
    /// directory (`swift run` from the repository root, whose binary sits deep in `.build`).
    package static func candidates(
        _ name: String, executableDirectory: String?, currentDirectory: String, shareName: String
    ) -> [AssetLocation] {
        var list: [AssetLocation] = []
        if let executableDirectory {
            list.append(.init(path: join(executableDirectory, name), reason: "beside the executable"))
            let share = join(FilePaths.parent(executableDirectory), "share/\(shareName)/\(name)")
            list.append(.init(path: share, reason: "in the install's share/\(shareName)"))
        }
        list.append(.init(path: join(currentDirectory, name), reason: "in the current directory"))
        return list
    }

    /// The first of ``candidates(_:executableDirectory:currentDirectory:shareName:)`` that is a directory, or a
    /// failure listing every place looked at and the option that names one instead.
    package static func findDirectory(
        _ name: String, option: String, executableDirectory: String? = FilePaths.executableDirectory(),
        currentDirectory: String = FilePaths.currentDirectory(), shareName: String
    ) throws(CommandFailure) -> AssetLocation {
        let places = candidates(
            name, executableDirectory: executableDirectory, currentDirectory: currentDirectory, shareName: shareName)
        if let found = places.first(where: { problem(at: $0.path, directory: true) == nil }) { return found }
        throw CommandFailure(
            "cannot find the \(name) directory; looked "
                + places.map { "\($0.reason) (\($0.path))" }.joined(separator: ", ")
                + ". Install it beside the executable, or name it with --\(option)",
            exitCode: .noInput)
    }

    /// A directory named by `--option given`, relative to the current directory `base`.
    package static func givenDirectory(
        _ given: String, option: String, currentDirectory base: String = FilePaths.currentDirectory()
    ) throws(CommandFailure) -> AssetLocation {
        let path = FilePaths.absolute(given, from: base)
        if let problem = problem(at: path, directory: true) {
            let lookup = given.hasPrefix("/") ? "" : " (\(path), looked up from \(base), the current directory)"
            throw CommandFailure("--\(option) '\(given)': \(problem)\(lookup)", exitCode: .noInput)
        }
        return AssetLocation(path: path, reason: "--\(option)")
    }

    /// The map file: `given` relative to the current directory and, when not there, to the maps directory (so
    /// `--map other.tmj` finds `Maps/other.tmj` of an installed server); by default `world.tmj` in the maps directory.
    package static func mapFile(
        _ given: String?, option: String = "map", mapsDirectory: String, defaultName: String = "world.tmj",
        currentDirectory base: String = FilePaths.currentDirectory()
    ) throws(CommandFailure) -> AssetLocation {
        guard let given else {
            let path = join(mapsDirectory, defaultName)
            if let problem = problem(at: path, directory: false) {
                throw CommandFailure(
                    "the default map \(path): \(problem) (looked up from the maps directory \(mapsDirectory)); "
                        + "name one with --\(option)", exitCode: .noInput)
            }
            return AssetLocation(path: path, reason: "in the maps directory")
        }
        let fromBase = FilePaths.absolute(given, from: base)
        let firstProblem = problem(at: fromBase, directory: false)
        guard let firstProblem else { return AssetLocation(path: fromBase, reason: "--\(option)") }
        guard !given.hasPrefix("/") else {
            throw CommandFailure("--\(option) '\(given)': \(firstProblem)", exitCode: .noInput)
        }
        let fromMaps = join(mapsDirectory, given)
        guard let mapsProblem = problem(at: fromMaps, directory: false) else {
            return AssetLocation(path: fromMaps, reason: "--\(option), in the maps directory")
        }
        throw CommandFailure(
            "--\(option) '\(given)': \(firstProblem) (\(fromBase), looked up from \(base), the current directory; "
                + "nor \(fromMaps), looked up from the maps directory: \(mapsProblem))", exitCode: .noInput)
    }

    /// Why `path` cannot be used as a readable directory (or file), or nil when it can.
    package static func problem(at path: String, directory: Bool) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return String(cString: strerror(errno)) }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        if directory && !isDirectory { return "not a directory" }
        if !directory && isDirectory { return "a directory, not a file" }
        guard access(path, directory ? R_OK | X_OK : R_OK) == 0 else { return String(cString: strerror(errno)) }
        return nil
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

/// Messages for a listening socket that could not be opened: what happened, on which address, and what to do.
package enum ListenFailure {
    /// `host:port` as a URL writes it (`[::]:8000` for IPv6).
    package static func address(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The message for `bind`'s `errnoCode`, or nil for an error with nothing more helpful to say.
    package static func message(errnoCode: Int32, host: String, port: Int, option: String) -> String? {
        let where_ = address(host: host, port: port)
        switch errnoCode {
        case EADDRINUSE:
            return "\(where_) is in use by another process; stop it or choose another port with \(option)"
        case EACCES:
            return "\(where_): permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE "
                + "(the systemd unit grants it), or choose another port with \(option)"
        case EADDRNOTAVAIL:
            return "\(where_): no such address on this machine; choose one of its addresses (or 0.0.0.0)"
        default:
            return nil
        }
    }
}

import Glibc

extension CommandSpec {
    /// Makes this command read settings from a config file (`--config PATH` or `<prefix>CONFIG`) and from
    /// `<prefix><OPTION>` environment variables, for every option it has: a new option gets its key and its variable
    /// with nothing else to write. Adds `--config` and `--print-config`.
    package mutating func readsConfiguration(environmentPrefix prefix: String, otherKeys: Set<String> = []) {
        guard environmentPrefix == nil else { return }
        environmentPrefix = prefix
        self.otherKeys = otherKeys
        // Before --help, which stays last in the help text.
        let position = options.lastIndex { $0.long == "help" } ?? options.endIndex
        options.insert(
            contentsOf: [
                OptionSpec(
                    "config", value: "path",
                    help: "Read settings from this file: 'key = value' lines, keys named as the long options "
                        + "(or \(prefix)CONFIG). Flags win over \(prefix)* variables, which win over the file."),
                OptionSpec("print-config", help: "Print the effective settings as a config file, and exit."),
            ], at: position)
    }

    /// The options a file or an environment variable may set.
    package var configurableOptions: [OptionSpec] { options.filter { !ConfigFile.metaOptions.contains($0.long) } }

    /// Parses `arguments`, then fills every option they leave out from the environment, then from the config file,
    /// then leaves it to its default: command line > environment > file > default. A higher source replaces a list
    /// option's values rather than adding to them, so a flag can override a file's list.
    package func resolve(
        _ arguments: [String],
        environment lookup: (String) -> String? = { getenv($0).map { String(cString: $0) } },
        readFile: (String) throws(UsageError) -> String = ConfigFile.read
    ) throws(UsageError) -> ParsedArguments {
        var parsed = try parse(arguments)
        // --help answers even when the file or a variable is broken.
        guard let prefix = environmentPrefix, !parsed.flag("help") else { return parsed }
        let environment = try ConfigFile.environmentEntries(prefix: prefix, options: options, lookup: lookup)
        var file: [String: ConfigFile.Entry] = [:]
        let variable = prefix + "CONFIG"
        if let path = parsed.string("config") ?? lookup(variable).flatMap({ $0.isEmpty ? nil : $0 }) {
            file = try ConfigFile.parse(readFile(path), path: path, options: options, otherKeys: otherKeys)
            parsed.configPath = path
        }
        for option in configurableOptions where parsed.values[option.long] == nil {
            guard let entry = environment[option.long] ?? file[option.long] else { continue }
            parsed.origins[option.long] = entry.origin
            if !entry.values.isEmpty { parsed.values[option.long] = entry.values }
        }
        return parsed
    }

    /// The effective settings in the config file's format, each under a comment with its help and its origin:
    /// an operator can redirect this into a file and pass it to `--config`. Options without a value are shown
    /// commented out; `notes` adds a word about such an option (where a default is looked for).
    package func configurationText(_ parsed: ParsedArguments, notes: [String: String] = [:]) -> String {
        let prefix = environmentPrefix ?? ""
        var text = """
            # \(name): effective settings (--print-config). Use as: \(name) --config FILE
            # Precedence: command-line flags, then \(prefix)* environment variables, then this file, then defaults.
            # Format: 'key = value'; a key is a long option's name; '#' starts a comment line; a list option repeats
            # its key; a flag is true or false; "double quotes" keep spaces at a value's ends.

            """
        if let path = parsed.configPath { text += "# Read from \(path) (\(FilePaths.absolute(path))).\n" }
        for option in configurableOptions {
            let values = parsed.values[option.long]
            var source: String
            switch parsed.origins[option.long] {
            case .flag: source = "command line"
            case .environment(let name): source = "environment \(name)"
            case .file(let path, let line): source = "file \(path):\(line)"
            case nil: source = values == nil && option.defaultValue == nil && !option.isFlag ? "not set" : "default"
            }
            if let note = notes[option.long] { source += "; \(note)" }
            text += "\n" + Self.commentLines("\(option.help) [\(source)]")
            if option.isFlag {
                text += "\(option.long) = \(values == nil ? "false" : "true")\n"
            } else if let values, !values.isEmpty {
                for value in option.repeatable ? values : [values[values.count - 1]] {
                    text += "\(option.long) = \(ConfigFile.quote(value))\n"
                }
            } else if let value = option.defaultValue {
                text += "\(option.long) = \(ConfigFile.quote(value))\n"
            } else {
                text += "# \(option.long) =\n"
            }
        }
        return text
    }
}

extension CommandSpec {
    /// `text` as `# ` comment lines of at most `width` columns, broken at spaces.
    static func commentLines(_ text: String, width: Int = 118) -> String {
        var result = ""
        var line = "#"
        for word in text.split(separator: " ") {
            if line.count + 1 + word.count > width && line != "#" {
                result += line + "\n"
                line = "#"
            }
            line += " " + word
        }
        return result + line + "\n"
    }
}

/// Paths as an operator needs them in a message: absolute, and where a relative one was looked up from.
package enum FilePaths {
    package static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cString: buffer)
    }

    /// The directory holding the running executable (`/proc/self/exe`, links resolved), nil if unknown.
    package static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return parent(String(cString: buffer))
    }

    /// `path` made absolute against `base` (the current directory by default), `.` and `..` left to the kernel.
    package static func absolute(_ path: String, from base: String = currentDirectory()) -> String {
        if path.hasPrefix("/") { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    package static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

import Glibc

/// Where an option's value came from: said in error messages and by `--print-config`. No origin means the default.
package enum ValueOrigin: Sendable, Equatable, CustomStringConvertible {
    case flag
    case environment(String)
    case file(path: String, line: Int)

    package var description: String {
        switch self {
        case .flag: "the command line"
        case .environment(let name): name
        case .file(let path, let line): "\(path):\(line)"
        }
    }
}

/// A config file: `key = value` lines, where a key is a long option's name (`port = 8000`, `max-message = 64K`).
/// Lines starting with `#` and blank lines are skipped; a value may be put in double quotes (with `\"`, `\\` and
/// `\n` escapes) to keep spaces at its ends; a flag's value is `true` or `false`; a list option (``OptionSpec/repeatable``)
/// repeats its key, any other key may appear once. Unknown keys and malformed lines are usage errors naming
/// `file:line`. Hand-written because it is this small: no dependency, and every error says where.
package enum ConfigFile {
    /// A config file is a few dozen lines; anything near this is a mistake (a log or a binary given by accident).
    package static let maxBytes = 64 * 1024
    package static let maxLineLength = 4096
    /// Options about reading options: never keys of a file or environment variables.
    package static let metaOptions: Set<String> = ["help", "config", "print-config"]

    /// One key's values in a file or the environment; a flag's values are `[""]` when true and `[]` when false.
    package struct Entry: Sendable, Equatable {
        package var values: [String]
        package var origin: ValueOrigin

        package init(values: [String], origin: ValueOrigin) {
            self.values = values
            self.origin = origin
        }
    }

    /// The file's text: bounded, UTF-8, or a usage error that names the path as given and as resolved.
    package static func read(_ path: String) throws(UsageError) -> String {
        let shown = "config file '\(path)' (\(FilePaths.absolute(path)))"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw UsageError("cannot read \(shown): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw UsageError("cannot read \(shown): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += chunk[..<count]
            guard bytes.count <= maxBytes else { throw UsageError("\(shown) is over \(maxBytes / 1024) KiB") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw UsageError("\(shown) is not UTF-8") }
        return text
    }

    /// The settings in `text` for a command with `options`; keys in `otherKeys` (other commands' options) are skipped.
    package static func parse(
        _ text: String, path: String, options: [OptionSpec], otherKeys: Set<String> = []
    ) throws(UsageError) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        var number = 0
        // "\r\n" is one Character in Swift: a file written on Windows splits on it too.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for rawLine in lines {
            number += 1
            let at = "\(path):\(number)"
            guard rawLine.utf8.count <= maxLineLength else {
                throw UsageError("\(at): line longer than \(maxLineLength) bytes")
            }
            let line = trimmed(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw UsageError("\(at): expected 'key = value' (a key is a long option's name), not '\(line)'")
            }
            let key = String(trimmed(line[..<equals]))
            guard let value = unquote(trimmed(line[line.index(after: equals)...])) else {
                throw UsageError("\(at): unterminated quoted value for '\(key)'")
            }
            guard let option = options.first(where: { $0.long == key }), !metaOptions.contains(key) else {
                if otherKeys.contains(key) && !metaOptions.contains(key) { continue }
                throw UsageError("\(at): unknown key '\(key)' (keys are the long option names of --help, without --)")
            }
            let origin = ValueOrigin.file(path: path, line: number)
            if !option.repeatable, case .file(_, let first) = entries[key]?.origin {
                throw UsageError("\(at): '\(key)' is already set on line \(first) (only list options repeat)")
            }
            if option.isFlag {
                guard let on = parseBool(value) else {
                    throw UsageError("\(at): '\(key)' is a flag: true or false, not '\(value)'")
                }
                entries[key] = Entry(values: on ? [""] : [], origin: origin)
            } else {
                entries[key, default: Entry(values: [], origin: origin)].values.append(value)
                entries[key]?.origin = origin
            }
        }
        return entries
    }

    /// `WIREQUEST_` and `max-message` make `WIREQUEST_MAX_MESSAGE`.
    package static func environmentName(prefix: String, long: String) -> String {
        prefix + String(long.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// The settings among the environment's `prefix` variables; an empty variable counts as unset (as compose files
    /// write them), a list option's variable separates its values with commas.
    package static func environmentEntries(
        prefix: String, options: [OptionSpec], lookup: (String) -> String?
    ) throws(UsageError) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        for option in options where !metaOptions.contains(option.long) {
            let name = environmentName(prefix: prefix, long: option.long)
            guard let value = lookup(name), !value.isEmpty else { continue }
            guard value.utf8.count <= maxLineLength else {
                throw UsageError("\(name): longer than \(maxLineLength) bytes")
            }
            let values: [String]
            if option.isFlag {
                guard let on = parseBool(value) else {
                    throw UsageError("\(name): '--\(option.long)' is a flag: true or false, not '\(value)'")
                }
                values = on ? [""] : []
            } else if option.repeatable {
                values = value.split(separator: ",").map { String(trimmed($0)) }.filter { !$0.isEmpty }
            } else {
                values = [value]
            }
            entries[option.long] = Entry(values: values, origin: .environment(name))
        }
        return entries
    }

    package static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }

    /// `value` as a file holds it: bare when it reads back the same, else in double quotes.
    package static func quote(_ value: String) -> String {
        let plain =
            !value.isEmpty && trimmed(Substring(value)) == value && !value.hasPrefix("\"")
            && !value.contains(where: \.isNewline)
        if plain { return value }
        var text = "\""
        for character in value {
            switch character {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            default: text.append(character)
            }
        }
        return text + "\""
    }

    /// A value as written: a bare one as it is, a quoted one unescaped; nil when a quote is not closed.
    static func unquote(_ text: Substring) -> String? {
        guard text.hasPrefix("\"") else { return String(text) }
        guard text.count >= 2, text.hasSuffix("\"") else { return nil }
        var value = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                value.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                value.append(character)
            }
        }
        return escaped ? nil : value
    }

    static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}

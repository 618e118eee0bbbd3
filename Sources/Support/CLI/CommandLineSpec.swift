import Glibc

/// Process exit codes, as sysexits(3) names them.
package enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    /// EX_USAGE: the command was used incorrectly.
    case usage = 64
    /// EX_NOINPUT: a file or directory the command needs cannot be read.
    case noInput = 66
    /// EX_UNAVAILABLE: a service the command needs is not there.
    case unavailable = 69
    /// EX_SOFTWARE: an internal error.
    case software = 70
    /// EX_IOERR: reading or writing data failed (a character could not be saved before exit).
    case ioError = 74
}

/// A command-line mistake: printed as `Error: …` plus the usage, exit 64.
package struct UsageError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// A failure that is not a misuse of the command line: printed as `error: …` alone (no usage), with its own exit code.
package struct CommandFailure: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var exitCode: ExitCode
    package init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }
    package var description: String { message }
}

/// One `--long`/`-s` option of a command: a flag when `valueName` is nil, otherwise it takes a value.
package struct OptionSpec: Sendable {
    package var long: String
    package var short: Character?
    package var valueName: String?
    package var help: String
    /// Shown as `(default: …)` in the help.
    package var defaultValue: String?
    /// Whether every value given counts (a list), rather than the last: a config file may repeat its key and an
    /// environment variable separates the values with commas.
    package var repeatable: Bool

    package init(
        _ long: String, short: Character? = nil, value: String? = nil, default defaultValue: String? = nil,
        repeatable: Bool = false, help: String
    ) {
        self.long = long
        self.short = short
        self.valueName = value
        self.help = help
        self.defaultValue = defaultValue
        self.repeatable = repeatable
    }

    var isFlag: Bool { valueName == nil }
}

/// A command's name, purpose and options; parses its arguments and prints its help, argument-parser style.
package struct CommandSpec: Sendable {
    package var name: String
    package var abstract: String
    package var options: [OptionSpec]
    /// `[NAME …]`-style description of positional arguments, or nil if the command takes none.
    package var positionals: String?
    package var discussion: String?
    /// Whether everything from the first positional argument on is positional (`wirequest admin kick bob -x`
    /// passes `-x` to the admin command rather than parsing it as an option).
    package var optionsEndAtFirstPositional = false
    /// Set by ``readsConfiguration(environmentPrefix:otherKeys:)``: the prefix of the environment variables this
    /// command reads (`WIREQUEST_`), nil when it reads only its command line.
    package internal(set) var environmentPrefix: String?
    /// Keys a config file may hold for the tool's other commands: skipped here rather than refused, so one file
    /// serves every command.
    package internal(set) var otherKeys: Set<String> = []

    package init(
        name: String, abstract: String, options: [OptionSpec], positionals: String? = nil,
        discussion: String? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.options = options + [OptionSpec("help", short: "h", help: "Show help information.")]
        self.positionals = positionals
        self.discussion = discussion
    }

    package var usageLine: String {
        var line = "USAGE: \(name)"
        if options.count > 1 { line += " [<options>]" }
        if let positionals { line += " \(positionals)" }
        return line
    }

    /// The full `--help` text.
    package var help: String {
        var text = "OVERVIEW: \(abstract)\n\n\(usageLine)\n"
        if let discussion { text += "\n\(discussion)\n" }
        text += "\nOPTIONS:\n"
        let labels = options.map { option -> String in
            var label = option.short.map { "-\($0), " } ?? ""
            label += "--\(option.long)"
            if let value = option.valueName { label += " <\(value)>" }
            return label
        }
        let width = min(32, (labels.map(\.count).max() ?? 0) + 2)
        for (option, label) in zip(options, labels) {
            var help = option.help
            if let value = option.defaultValue { help += " (default: \(value))" }
            if label.count + 2 > width {
                text += "  \(label)\n" + String(repeating: " ", count: width + 2) + help + "\n"
            } else {
                text += "  " + label + String(repeating: " ", count: width - label.count) + help + "\n"
            }
        }
        return text
    }

    /// Parses `arguments` (without the command name). `--name value`, `--name=value`, `-n value`, `--` ends
    /// options. Options may repeat; ``ParsedArguments/values(_:)`` returns them all.
    package func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                parsed.positionals += arguments[index...]
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                if optionsEndAtFirstPositional {
                    parsed.positionals += arguments[(index - 1)...]
                    break
                }
                parsed.positionals.append(argument)
                continue
            }
            var name = Substring(argument)
            var inlineValue: String?
            let option: OptionSpec?
            if argument.hasPrefix("--") {
                name = name.dropFirst(2)
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = name[..<equals]
                }
                option = options.first { $0.long == name }
            } else {
                guard argument.count == 2 else { throw UsageError("unknown option '\(argument)'") }
                option = options.first { $0.short == argument.last }
            }
            guard let option else { throw UsageError("unknown option '\(argument)'") }
            if option.isFlag {
                if inlineValue != nil { throw UsageError("option '--\(option.long)' takes no value") }
                parsed.values[option.long, default: []].append("")
                parsed.origins[option.long] = .flag
                continue
            }
            parsed.origins[option.long] = .flag
            if let inlineValue {
                parsed.values[option.long, default: []].append(inlineValue)
            } else {
                guard index < arguments.count else {
                    throw UsageError("missing value for '--\(option.long) <\(option.valueName!)>'")
                }
                parsed.values[option.long, default: []].append(arguments[index])
                index += 1
            }
        }
        return parsed
    }
}

/// The result of ``CommandSpec/parse(_:)``, with typed accessors that turn bad values into usage errors.
package struct ParsedArguments: Sendable {
    package var values: [String: [String]] = [:]
    package var positionals: [String] = []
    /// Where each option's value came from, for error messages and `--print-config`; absent: the default.
    package var origins: [String: ValueOrigin] = [:]
    /// The config file read, if any (``CommandSpec/resolve(_:environment:readFile:)``).
    package var configPath: String?

    package init() {}

    /// A usage error about option `long`'s value that says where the value came from, so a bad line in a config
    /// file or a bad environment variable is found at once.
    package func usageError(_ long: String, _ message: String) -> UsageError {
        guard let origin = origins[long], origin != .flag else { return UsageError(message) }
        return UsageError("\(message) (from \(origin))")
    }

    package func flag(_ long: String) -> Bool { values[long] != nil }

    /// The last value given for `long`.
    package func string(_ long: String) -> String? { values[long]?.last }

    package func strings(_ long: String) -> [String] { values[long] ?? [] }

    package func int(_ long: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = string(long) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw usageError(
                long, "'--\(long)' must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return value
    }

    package func double(_ long: String, default fallback: Double, range: ClosedRange<Double>) throws(UsageError)
        -> Double
    {
        guard let text = string(long) else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw usageError(
                long, "'--\(long)' must be a number in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// A byte size: `65536`, `64K`, `16M`, `16MiB`.
    package func byteSize(_ long: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = string(long) else { return fallback }
        guard let value = Self.parseByteSize(text), range.contains(value) else {
            throw usageError(
                long,
                "'--\(long)' must be a size like 65536, 64K or 16M in \(range.lowerBound)...\(range.upperBound) bytes, not '\(text)'"
            )
        }
        return value
    }

    static func parseByteSize(_ text: String) -> Int? {
        var digits = Substring(text)
        var multiplier = 1
        for (suffix, factor) in [
            ("KiB", 1024), ("MiB", 1 << 20), ("K", 1024), ("M", 1 << 20), ("k", 1024), ("m", 1 << 20),
        ]
        where digits.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            multiplier = factor
            break
        }
        guard let value = Int(digits), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }
}

extension CommandSpec {
    /// The process's own arguments, parsed for a tool with this one command: `--help` prints the help and exits 0,
    /// a usage error prints `Error: …` and the usage line to standard error and exits 64.
    package func parseCommandLine(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> ParsedArguments {
        let parsed: ParsedArguments
        do {
            parsed = try parse(arguments)
        } catch {
            printToStandardError("Error: \(error)\n\(usageLine)")
            exit(ExitCode.usage.rawValue)
        }
        if parsed.flag("help") {
            print(help, terminator: "")
            exit(ExitCode.success.rawValue)
        }
        return parsed
    }
}

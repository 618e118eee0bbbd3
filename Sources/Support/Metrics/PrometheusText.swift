/// A metrics page in Prometheus's text exposition format (version 0.0.4): families of samples, each family with
/// its `# HELP` and `# TYPE` lines. It knows the format, not the metrics, so any server part can publish through it
/// (the game server's `/metrics` today, a cluster node's tomorrow).
///
/// ```swift
/// var page = PrometheusText()
/// page.family("wirequest_players", .gauge, help: "Players in the world.")
/// page.sample("wirequest_players", labels: ["world": "0"], 12)
/// page.text  // "# HELP wirequest_players Players in the world.\n# TYPE …\nwirequest_players{world=\"0\"} 12\n"
/// ```
package struct PrometheusText: Sendable {
    package enum MetricType: String, Sendable {
        case counter, gauge, summary, histogram, untyped
    }

    /// The `Content-Type` a scraper expects for this format.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    package private(set) var text = ""

    package init() {}

    /// Starts a family: its HELP and TYPE lines. Its samples follow.
    package mutating func family(_ name: String, _ type: MetricType, help: String) {
        text += "# HELP \(name) \(Self.escape(help, quotes: false))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// One sample: `name{label="value",…} value`, labels in the order given.
    package mutating func sample(_ name: String, labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        line(name, labels, Self.format(value))
    }

    package mutating func sample(_ name: String, labels: KeyValuePairs<String, String> = [:], _ value: Int) {
        line(name, labels, String(value))
    }

    package mutating func sample(_ name: String, labels: KeyValuePairs<String, String> = [:], _ value: UInt64) {
        line(name, labels, String(value))
    }

    /// A family with one unlabelled sample.
    package mutating func single(_ name: String, _ type: MetricType, help: String, _ value: Double) {
        family(name, type, help: help)
        sample(name, value)
    }

    package mutating func single(_ name: String, _ type: MetricType, help: String, _ value: Int) {
        family(name, type, help: help)
        sample(name, value)
    }

    package mutating func single(_ name: String, _ type: MetricType, help: String, _ value: UInt64) {
        family(name, type, help: help)
        sample(name, value)
    }

    /// One histogram's series under `name` (whose family, of type `.histogram`, was started): `name_bucket` with
    /// `le` after `labels` for every bucket and `+Inf`, then `name_sum` (seconds) and `name_count`.
    package mutating func histogram(
        _ name: String, labels: KeyValuePairs<String, String> = [:], _ histogram: DurationHistogram
    ) {
        let base = labels.map { (key: $0.key, value: $0.value) }
        for bucket in histogram.cumulativeBuckets {
            line(name + "_bucket", base + [(key: "le", value: Self.format(bucket.le))], String(bucket.count))
        }
        line(name + "_sum", base, Self.format(histogram.sum.inSeconds))
        line(name + "_count", base, String(histogram.count))
    }

    private mutating func line(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: String) {
        line(name, labels.map { (key: $0.key, value: $0.value) }, value)
    }

    private mutating func line(_ name: String, _ labels: [(key: String, value: String)], _ value: String) {
        text += name
        if !labels.isEmpty {
            text +=
                "{" + labels.map { "\($0.key)=\"\(Self.escape($0.value, quotes: true))\"" }.joined(separator: ",") + "}"
        }
        text += " " + value + "\n"
    }

    /// Go's float syntax, which the format uses: Swift's shortest round-trip form, and `+Inf`, `-Inf`, `NaN`.
    private static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value.description
    }

    /// Backslashes and line feeds escaped everywhere; double quotes too inside label values.
    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\n" || (quotes && $0 == "\"") }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\"" where quotes: out += "\\\""
            default: out.append(character)
            }
        }
        return out
    }
}

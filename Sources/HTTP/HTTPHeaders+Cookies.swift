extension HTTPHeaders {
    /// The value of the cookie called `name` in the request's `Cookie` fields (RFC 6265 §5.4: `a=1; b=2`), without
    /// surrounding double quotes; nil when absent. The first match wins, as browsers send the most specific first.
    package func cookie(named name: String) -> Substring? {
        for field in fields where Self.equalsIgnoringCase(field.name, "Cookie") {
            for pair in field.value.split(separator: ";") {
                let trimmed = pair.trimmingOWS()
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == name else { continue }
                var value = trimmed[trimmed.index(after: equals)...]
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                return value
            }
        }
        return nil
    }
}

/// A glob as SQLite's `GLOB` reads it, for stores that match names without SQLite (``MemoryCharacterStore``):
/// `*` matches any run of characters, `?` exactly one, `[abc]`, `[a-z]` and `[^abc]` one of (or none of) a set;
/// everything else matches itself, case-sensitively. A character is a Unicode scalar, as in SQLite.
package struct GlobPattern: Sendable {
    private enum Element: Sendable {
        case literal(Unicode.Scalar)
        case any
        case run
        /// `[…]`: scalar ranges (a single scalar is a range of one), negated by a leading `^`.
        case set(ranges: [ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    private let elements: [Element]
    /// An unclosed `[` makes the pattern match nothing, as in SQLite.
    private let isValid: Bool

    /// Compiles `pattern`; an unclosed `[` makes it match nothing.
    package init(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        var elements: [Element] = []
        var isValid = true
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "*": elements.append(.run)
            case "?": elements.append(.any)
            case "[":
                var negated = false
                if index < scalars.count && scalars[index] == "^" {
                    negated = true
                    index += 1
                }
                var ranges: [ClosedRange<Unicode.Scalar>] = []
                var first = true
                var closed = false
                while index < scalars.count {
                    let member = scalars[index]
                    index += 1
                    // A `]` right after `[` or `[^` is a member, not the end of the set.
                    if member == "]" && !first {
                        closed = true
                        break
                    }
                    first = false
                    if index + 1 < scalars.count && scalars[index] == "-" && scalars[index + 1] != "]" {
                        let upper = scalars[index + 1]
                        index += 2
                        if member <= upper { ranges.append(member...upper) }
                    } else {
                        ranges.append(member...member)
                    }
                }
                if !closed { isValid = false }
                elements.append(.set(ranges: ranges, negated: negated))
            default: elements.append(.literal(scalar))
            }
        }
        self.elements = elements
        self.isValid = isValid
    }

    /// Whether the whole of `text` matches.
    package func matches(_ text: String) -> Bool {
        guard isValid else { return false }
        let scalars = Array(text.unicodeScalars)
        var p = 0
        var t = 0
        // Where the last `*` was, and where in the text it was last tried: on a mismatch the `*` takes one more
        // character. Only the last `*` needs remembering, so this is O(pattern × text), never exponential.
        var star: (pattern: Int, text: Int)?
        while t < scalars.count {
            if p < elements.count {
                switch elements[p] {
                case .run:
                    star = (p, t)
                    p += 1
                    continue
                case .any:
                    p += 1
                    t += 1
                    continue
                case .literal(let scalar) where scalar == scalars[t]:
                    p += 1
                    t += 1
                    continue
                case .set(let ranges, let negated) where ranges.contains { $0.contains(scalars[t]) } != negated:
                    p += 1
                    t += 1
                    continue
                default:
                    break
                }
            }
            guard let last = star else { return false }
            p = last.pattern + 1
            t = last.text + 1
            star = (last.pattern, last.text + 1)
        }
        while p < elements.count, case .run = elements[p] { p += 1 }
        return p == elements.count
    }
}

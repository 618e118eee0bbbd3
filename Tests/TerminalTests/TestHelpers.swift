import Terminal

let esc = "\u{1B}"

extension LineEditor {
    /// An editor whose prompt has been drawn and whose output so far has been taken.
    static func started(
        prompt: String = "> ", width: Int = 80, historyLimit: Int = 500, maxLineBytes: Int = 4096
    ) -> LineEditor {
        var editor = LineEditor(prompt: prompt, width: width, historyLimit: historyLimit, maxLineBytes: maxLineBytes)
        editor.start()
        _ = editor.takeOutput()
        return editor
    }

    mutating func type(_ text: String) -> [Event] {
        feed(Array(text.utf8))
    }

    /// The output since the last call, as text.
    mutating func drawn() -> String {
        String(decoding: takeOutput(), as: UTF8.self)
    }
}

/// Just enough of a terminal to check what the editor draws: the cursor's row, its column and the rows above.
///
/// Understands CR, LF, BEL, and the CSI sequences the editor emits (K, C, D, H, J); anything else fails a check.
struct Screen {
    var rowsAbove: [String] = []
    var row: [Unicode.Scalar] = []
    var column = 0
    var bells = 0
    /// The rightmost column ever written to, which the editor keeps clear of the terminal's last one.
    var widestColumn = -1
    var unknownSequences: [String] = []

    var rowText: String { String(String.UnicodeScalarView(row)) }

    mutating func apply(_ bytes: [UInt8]) {
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\r": column = 0
            case "\n":
                rowsAbove.append(rowText)
                row = []
            case "\u{07}": bells += 1
            case "\u{1B}":
                guard index < scalars.count, scalars[index] == "[" else {
                    unknownSequences.append("ESC")
                    continue
                }
                index += 1
                var parameters = ""
                while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == ";" {
                    parameters.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else { return }
                let final = scalars[index]
                index += 1
                let count = Int(parameters) ?? 1
                switch (final, parameters) {
                case ("K", ""), ("K", "0"): if column < row.count { row.removeSubrange(column...) }
                case ("C", _): column += count
                case ("D", _): column = max(0, column - count)
                case ("H", ""): column = 0
                case ("J", "2"):
                    rowsAbove = []
                    row = []
                default: unknownSequences.append("CSI \(parameters)\(final)")
                }
            default:
                while row.count < column { row.append(" ") }
                if column < row.count { row[column] = scalar } else { row.append(scalar) }
                widestColumn = max(widestColumn, column)
                column += 1
            }
        }
    }
}

/// Spells keys printably: "^[" is ESC and "^" before a capital letter is that control key ("^A" is 0x01).
func keys(_ spelled: String) -> String {
    var result = ""
    var scalars = spelled.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
        guard scalar == "^", let next = scalars.next() else {
            result.unicodeScalars.append(scalar)
            continue
        }
        result.unicodeScalars.append(Unicode.Scalar(UInt8(next.value) & 0x1F))
    }
    return result
}

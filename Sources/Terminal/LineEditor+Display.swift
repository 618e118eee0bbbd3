/// Drawing the prompt and the visible part of the line on one terminal row.
///
/// The rightmost column is never written: a character there leaves many terminals in a pending-wrap state in which
/// the following erase-to-end-of-line would delete it.
extension LineEditor {
    /// Prompt columns shown and line columns available. A prompt too wide for the terminal is cut from the left to
    /// leave the line at least 8 columns, or half of a narrower terminal.
    var layout: (promptColumns: Int, textColumns: Int) {
        let usable = max(width, 2) - 1
        let minimumText = max(1, min(8, usable / 2))
        let promptColumns = min(promptScalars.count, usable - minimumText)
        return (promptColumns, usable - promptColumns)
    }

    /// Moves `scroll` as little as needed to keep the cursor's cell on screen, and back left when a shorter line
    /// would otherwise leave the row half empty.
    mutating func adjustScroll() {
        let columns = layout.textColumns
        scroll = min(scroll, max(0, line.count + 1 - columns))
        if cursor < scroll { scroll = cursor }
        if cursor >= scroll + columns { scroll = cursor - columns + 1 }
    }

    /// The cursor's screen column, once `adjustScroll` has run.
    var cursorColumn: Int { layout.promptColumns + cursor - scroll }

    /// Redraws the whole row: CR, prompt, the visible slice of the line, erase to end of line, then the cursor put
    /// back with CR and a cursor-forward unless it is already at the end of what was drawn.
    mutating func refresh() {
        guard isActive else { return }
        adjustScroll()
        let (promptColumns, textColumns) = layout
        let visible = line[scroll..<min(line.count, scroll + textColumns)]
        output.append(UInt8(ascii: "\r"))
        for scalar in promptScalars.suffix(promptColumns) { UTF8.encode(scalar) { output.append($0) } }
        for scalar in visible { UTF8.encode(scalar) { output.append($0) } }
        emit("\u{1B}[0K")
        let column = cursorColumn
        if column != promptColumns + visible.count {
            output.append(UInt8(ascii: "\r"))
            if column > 0 { emit("\u{1B}[\(column)C") }
        }
    }

    mutating func emit(_ text: String) {
        output.append(contentsOf: text.utf8)
    }
}

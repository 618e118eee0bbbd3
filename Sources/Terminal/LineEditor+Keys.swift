/// What each key does to the line, the history and the events.
extension LineEditor {
    mutating func handle(_ token: Token, events: inout [Event]) {
        switch token {
        case .scalar(let scalar): insert(scalar)
        case .key(.left): moveCursor(to: cursor - 1)
        case .key(.right): moveCursor(to: cursor + 1)
        case .key(.home): moveCursor(to: 0)
        case .key(.end): moveCursor(to: line.count)
        case .key(.up): recallHistory(historyIndex - 1)
        case .key(.down): recallHistory(historyIndex + 1)
        case .key(.delete): deleteForward()
        case .control(let byte): control(byte, events: &events)
        case .ignored: break
        }
    }

    mutating func control(_ byte: UInt8, events: inout [Event]) {
        switch byte {
        case 0x01: moveCursor(to: 0)  // Ctrl-A
        case 0x02: moveCursor(to: cursor - 1)  // Ctrl-B
        case 0x03: interrupt(events: &events)  // Ctrl-C
        case 0x04:  // Ctrl-D
            if line.isEmpty { endOfInput(events: &events) } else { deleteForward() }
        case 0x05: moveCursor(to: line.count)  // Ctrl-E
        case 0x06: moveCursor(to: cursor + 1)  // Ctrl-F
        case 0x08, 0x7F: deleteBackward()  // Ctrl-H, Backspace
        case 0x09: complete()  // Tab
        case 0x0A, 0x0D: enter(events: &events)
        case 0x0B: replace(cursor..<line.count, with: [], cursor: cursor)  // Ctrl-K
        case 0x0C: clearScreen()  // Ctrl-L
        case 0x0E: recallHistory(historyIndex + 1)  // Ctrl-N
        case 0x10: recallHistory(historyIndex - 1)  // Ctrl-P
        case 0x15: replace(0..<cursor, with: [], cursor: 0)  // Ctrl-U
        case 0x17: deleteWordBackward()  // Ctrl-W
        default: break  // Including Ctrl-Z and Ctrl-\, which raw mode delivers as bytes, not signals.
        }
    }

    mutating func insert(_ scalar: Unicode.Scalar) {
        let size = UTF8.width(scalar)
        guard lineBytes + size <= maxLineBytes else { return bell() }
        let atEnd = cursor == line.count
        line.insert(scalar, at: cursor)
        lineBytes += size
        cursor += 1
        guard isActive else { return }
        let oldScroll = scroll
        adjustScroll()
        if atEnd && scroll == oldScroll {
            // Typing at the end of a line that still fits: the echo alone is the whole redraw.
            UTF8.encode(scalar) { output.append($0) }
        } else {
            refresh()
        }
    }

    mutating func moveCursor(to position: Int) {
        let target = min(max(position, 0), line.count)
        guard target != cursor else { return }
        let step = target - cursor
        cursor = target
        guard isActive else { return }
        let oldScroll = scroll
        adjustScroll()
        if scroll == oldScroll && abs(step) == 1 {
            emit(step < 0 ? "\u{1B}[D" : "\u{1B}[C")
        } else {
            refresh()
        }
    }

    mutating func deleteBackward() {
        guard cursor > 0 else { return }
        replace((cursor - 1)..<cursor, with: [], cursor: cursor - 1)
    }

    mutating func deleteForward() {
        guard cursor < line.count else { return }
        replace(cursor..<(cursor + 1), with: [], cursor: cursor)
    }

    /// Ctrl-W: the spaces before the cursor, then the word before them.
    mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && line[start - 1] == " " { start -= 1 }
        while start > 0 && line[start - 1] != " " { start -= 1 }
        replace(start..<cursor, with: [], cursor: start)
    }

    /// Replaces part of the line, moves the cursor and redraws, unless nothing changed.
    mutating func replace(_ range: Range<Int>, with scalars: [Unicode.Scalar], cursor newCursor: Int) {
        guard !range.isEmpty || !scalars.isEmpty || newCursor != cursor else { return }
        lineBytes -= line[range].reduce(0) { $0 + UTF8.width($1) }
        lineBytes += scalars.reduce(0) { $0 + UTF8.width($1) }
        line.replaceSubrange(range, with: scalars)
        cursor = newCursor
        refresh()
    }

    mutating func enter(events: inout [Event]) {
        let text = text
        if isActive {
            moveCursor(to: line.count)
            emit("\r\n")
        } else {
            // Typed ahead while the last answer was pending: echo it so the transcript shows what was sent.
            emit(prompt)
            emit(text)
            emit("\r\n")
        }
        isActive = false
        if !text.isEmpty && text != history.last && historyLimit > 0 {
            history.append(text)
            if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        }
        clearLine()
        events.append(.line(text))
    }

    mutating func interrupt(events: inout [Event]) {
        moveCursor(to: line.count)
        // "^C" after the line, unless it would wrap onto a row of its own.
        if !isActive || cursorColumn + 2 < max(width, 2) { emit("^C") }
        emit("\r\n")
        clearLine()
        isActive = false
        start()
        events.append(.interrupt)
    }

    mutating func endOfInput(events: inout [Event]) {
        if isActive { emit("\r\n") }
        isActive = false
        events.append(.endOfInput)
    }

    /// Empties the line and leaves history browsing, without drawing.
    mutating func clearLine() {
        line = []
        lineBytes = 0
        cursor = 0
        scroll = 0
        historyIndex = history.count
        historyEdits = [:]
    }

    mutating func clearScreen() {
        guard isActive else { return }
        emit("\u{1B}[H\u{1B}[2J")
        refresh()
    }

    /// Shows history entry `index` (`history.count` is the line being edited), keeping edits to the one left behind.
    mutating func recallHistory(_ index: Int) {
        guard index >= 0 && index <= history.count && index != historyIndex else { return }
        let recalled = historyEdits[index] ?? (index < history.count ? Array(history[index].unicodeScalars) : [])
        let size = recalled.reduce(0) { $0 + UTF8.width($1) }
        // Only `setHistory` can hold an entry this long.
        guard size <= maxLineBytes else { return bell() }
        historyEdits[historyIndex] = line
        historyIndex = index
        line = recalled
        lineBytes = size
        cursor = line.count
        refresh()
    }

    /// Tab: asks `completion` for candidate lines for the text before the cursor.
    mutating func complete() {
        guard let completion else { return bell() }
        let before = Array(line[..<cursor])
        let after = Array(line[cursor...])
        let candidates = completion(String(String.UnicodeScalarView(before))).map { Array($0.unicodeScalars) }
        guard let first = candidates.first else { return bell() }
        var common = first
        for candidate in candidates.dropFirst() {
            let shared = zip(common, candidate).prefix { $0 == $1 }.count
            common.removeSubrange(shared...)
        }
        if candidates.count == 1 || common.count > before.count {
            guard common != before else { return }
            let size = (common + after).reduce(0) { $0 + UTF8.width($1) }
            guard size <= maxLineBytes else { return bell() }
            if common.starts(with: before) {
                // The usual case, completing what was typed: insert the rest, which at the end of the line is an echo.
                for scalar in common[before.count...] { insert(scalar) }
            } else {
                replace(0..<line.count, with: common + after, cursor: common.count)
            }
        } else if lastKeyWasTab {
            listCandidates(candidates.map { String(String.UnicodeScalarView($0)) })
        } else {
            bell()
        }
    }

    /// Prints completion candidates above the prompt in as many columns as fit.
    mutating func listCandidates(_ candidates: [String]) {
        let columnWidth = (candidates.map(\.unicodeScalars.count).max() ?? 0) + 2
        let perRow = max(1, (max(width, 2) - 1) / columnWidth)
        var rows: [String] = []
        var row = ""
        for (index, candidate) in candidates.enumerated() {
            let isLastInRow = index % perRow == perRow - 1 || index == candidates.count - 1
            row += candidate
            if isLastInRow {
                rows.append(row)
                row = ""
            } else {
                row += String(repeating: " ", count: columnWidth - candidate.unicodeScalars.count)
            }
        }
        printAbove(rows.joined(separator: "\n"))
    }

    mutating func bell() {
        if isActive { output.append(0x07) }
    }
}

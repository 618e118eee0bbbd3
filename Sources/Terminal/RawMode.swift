import Glibc
import Synchronization

/// Puts a terminal into raw input mode for `LineEditor` and puts it back.
///
/// Input arrives byte by byte, unechoed, with no line editing, no CR-to-LF mapping and no signal keys: Ctrl-C comes
/// in as byte 0x03 (no SIGINT), Ctrl-Z as 0x1A and Ctrl-\ as 0x1C, so the editor decides what they mean. Output
/// processing stays on, so an ordinary "\n" written elsewhere still moves to the start of the next line.
///
/// Restoring happens in `restore()` or at deinit, but not on a fatal signal: whoever handles SIGTERM and the like
/// should call `restore()` before exiting, or the shell is left in raw mode.
package final class RawMode: Sendable {
    package let fd: Int32
    /// The settings from before, until restored; the lock makes `restore()` safe to call from any thread.
    private let saved: Mutex<termios?>

    /// Switches `fd` to raw mode, or returns nil if it is not a terminal or its settings cannot be changed.
    package init?(fd: Int32 = 0) {
        guard isatty(fd) != 0 else { return nil }
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { return nil }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag = raw.c_cflag & ~tcflag_t(CSIZE) | tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { controlCharacters in
            controlCharacters[Int(VMIN)] = 1
            controlCharacters[Int(VTIME)] = 0
        }
        // TCSAFLUSH: anything typed before raw mode was meant for canonical mode and is dropped.
        guard setAttributes(fd, raw, when: TCSAFLUSH) else { return nil }
        self.fd = fd
        self.saved = Mutex(original)
    }

    deinit { restore() }

    /// Puts the original settings back, once; later calls do nothing.
    package func restore() {
        saved.withLock { saved in
            guard let original = saved else { return }
            saved = nil
            _ = setAttributes(fd, original, when: TCSADRAIN)
        }
    }
}

private func setAttributes(_ fd: Int32, _ settings: termios, when action: Int32) -> Bool {
    var settings = settings
    while tcsetattr(fd, action, &settings) != 0 {
        guard errno == EINTR else { return false }
    }
    return true
}

/// The terminal's width in columns, or nil if `fd` is not a terminal or reports no size (as some serial consoles do).
package func terminalWidth(fd: Int32) -> Int? {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}

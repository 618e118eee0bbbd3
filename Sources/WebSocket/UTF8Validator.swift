/// An incremental, fail-fast UTF-8 validator (RFC 3629 §4) for text messages (RFC 6455 §5.6, §8.1).
///
/// Feed bytes in as many pieces as they arrive; `validate` returns false as soon as the bytes seen so far cannot
/// be the prefix of any valid UTF-8 string. It rejects overlong forms, surrogates and code points past U+10FFFF
/// at the first byte that rules them out (`C0`, `ED A0`, `F4 90`), which Autobahn case group 6 checks.
package struct UTF8Validator: Sendable {
    // A DFA in the style of Bjoern Hoehrmann's decoder: a byte maps to one of 12 classes and a (state, class)
    // pair to the next state. States are stored premultiplied by the class count so a lookup is one addition.
    private var state: UInt8 = Self.accept

    /// A validator at the start of a message.
    package init() {}

    /// Whether the bytes so far end on a character boundary (not in the middle of a multi-byte sequence) and
    /// were valid. A text message is valid only if this is true after its last byte (RFC 6455 §8.1).
    package var isAtCharacterBoundary: Bool { state == Self.accept }

    /// Whether invalid input has been seen since the last `reset`.
    package var hasFailed: Bool { state == Self.reject }

    /// Forgets everything seen, ready for a new message.
    package mutating func reset() {
        state = Self.accept
    }

    /// Checks the next piece of input. Returns false, and stays failed until `reset`, as soon as it is invalid.
    package mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        validatePrefix(bytes) == nil
    }

    /// Like `validate`, but returns the offset in `bytes` of the byte that made the input invalid (nil if it is
    /// still valid). If the validator had already failed the offset is 0.
    package mutating func validatePrefix(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var s = state
        if s == Self.reject { return 0 }
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return nil }
        var i = 0
        if s == Self.accept {
            // Text that is all ASCII, the common case, never needs the tables.
            i = Self.skipASCII(base, from: 0, count: count)
            if i == count { return nil }
        }
        let failedAt: Int? = Self.tables.withUnsafeBufferPointer { table in
            while i < count {
                if s == Self.accept {
                    i = Self.skipASCII(base, from: i, count: count)
                    if i == count { break }
                }
                let byte = base.load(fromByteOffset: i, as: UInt8.self)
                s = table[Self.transitionBase &+ Int(s) &+ Int(table[Int(byte)])]
                if s == Self.reject { return i }
                i &+= 1
            }
            return nil
        }
        state = s
        return failedAt
    }

    /// The index of the first byte from `start` with the high bit set (or `count`): 32 bytes at a time, then 8,
    /// then one.
    @inline(__always)
    private static func skipASCII(_ base: UnsafeRawPointer, from start: Int, count: Int) -> Int {
        var i = start
        while i &+ 32 <= count {
            let words =
                base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            if words & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 32
        }
        while i &+ 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < count, base.load(fromByteOffset: i, as: UInt8.self) < 0x80 { i &+= 1 }
        return i
    }

    // MARK: - Tables

    private static let accept: UInt8 = 0
    private static let reject: UInt8 = 12
    private static let transitionBase = 256

    /// What a byte can be, as far as the DFA cares.
    private enum ByteClass: Int, CaseIterable {
        case ascii, cont80, cont90, contA0, invalid, lead2, leadE0, lead3, leadED, leadF0, lead4, leadF4
    }

    /// Where the DFA is inside a character: the continuation bytes still needed and any range restriction on the
    /// next one (RFC 3629 §4).
    private enum DFAState: Int, CaseIterable {
        case accept, reject, need1, need2, need3, afterE0, afterED, afterF0, afterF4
    }

    /// 256 byte classes followed by 9 states × 12 classes of transitions.
    private static let tables: [UInt8] = {
        let classCount = ByteClass.allCases.count
        var table = [UInt8](repeating: 0, count: transitionBase + DFAState.allCases.count * classCount)
        for byte in 0..<256 {
            let byteClass: ByteClass
            switch byte {
            case 0x00...0x7F: byteClass = .ascii
            case 0x80...0x8F: byteClass = .cont80
            case 0x90...0x9F: byteClass = .cont90
            case 0xA0...0xBF: byteClass = .contA0
            case 0xC2...0xDF: byteClass = .lead2
            case 0xE0: byteClass = .leadE0  // E0 80...E0 9F would be overlong.
            case 0xED: byteClass = .leadED  // ED A0...ED BF would be surrogates.
            case 0xE1...0xEF: byteClass = .lead3
            case 0xF0: byteClass = .leadF0  // F0 80...F0 8F would be overlong.
            case 0xF1...0xF3: byteClass = .lead4
            case 0xF4: byteClass = .leadF4  // F4 90 and up is past U+10FFFF.
            default: byteClass = .invalid  // C0, C1 (overlong two-byte forms) and F5...FF.
            }
            table[byte] = UInt8(byteClass.rawValue)
        }
        // States are stored premultiplied by the class count. Every transition not listed goes to reject.
        for index in transitionBase..<table.count { table[index] = UInt8(DFAState.reject.rawValue * classCount) }
        func set(_ from: DFAState, _ classes: [ByteClass], _ to: DFAState) {
            for byteClass in classes {
                table[transitionBase + from.rawValue * classCount + byteClass.rawValue] = UInt8(
                    to.rawValue * classCount)
            }
        }
        let anyContinuation: [ByteClass] = [.cont80, .cont90, .contA0]
        set(.accept, [.ascii], .accept)
        set(.accept, [.lead2], .need1)
        set(.accept, [.lead3], .need2)
        set(.accept, [.lead4], .need3)
        set(.accept, [.leadE0], .afterE0)
        set(.accept, [.leadED], .afterED)
        set(.accept, [.leadF0], .afterF0)
        set(.accept, [.leadF4], .afterF4)
        set(.need1, anyContinuation, .accept)
        set(.need2, anyContinuation, .need1)
        set(.need3, anyContinuation, .need2)
        set(.afterE0, [.contA0], .need1)
        set(.afterED, [.cont80, .cont90], .need1)
        set(.afterF0, [.cont90, .contA0], .need2)
        set(.afterF4, [.cont80], .need2)
        return table
    }()
}

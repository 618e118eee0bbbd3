/// An incremental RESP2 parser: feed it bytes as they arrive, take values out as they complete.
///
/// Sans-IO. Arrays under construction live on an explicit stack, so a value split over any number of reads is
/// resumed where it stopped instead of being parsed again; only an unfinished line or bulk payload waits, whole,
/// in the buffer. Every length, count and depth is checked against ``Limits`` before anything is allocated for it.
package struct RESPParser {
    package struct Limits: Sendable, Equatable {
        /// Largest bulk string accepted (Redis's own default cap is 512 MiB; nothing we store is near 8 MiB).
        package var maxBulkLength: Int
        /// Most elements in one array.
        package var maxArrayCount: Int
        /// Deepest nesting of arrays (a reply to `EXEC` of `SMEMBERS` is depth 2).
        package var maxDepth: Int
        /// Longest status, error or number line.
        package var maxLineLength: Int
        /// Most bytes one whole reply (an array and everything in it) may take: the other limits multiply, this
        /// one bounds their product.
        package var maxReplyBytes: Int

        package init(
            maxBulkLength: Int = 8 << 20, maxArrayCount: Int = 1_000_000, maxDepth: Int = 8,
            maxLineLength: Int = 64 * 1024, maxReplyBytes: Int = 64 << 20
        ) {
            self.maxBulkLength = maxBulkLength
            self.maxArrayCount = maxArrayCount
            self.maxDepth = maxDepth
            self.maxLineLength = maxLineLength
            self.maxReplyBytes = maxReplyBytes
        }
    }

    package let limits: Limits
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Arrays still missing elements, innermost last.
    private var stack: [(remaining: Int, elements: [RESPValue])] = []
    private var failed: RESPError?
    /// Bytes taken so far by the array under construction (when `stack` is not empty).
    private var replyBytes = 0

    package init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a finished value.
    package var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    package mutating func append(_ bytes: some Collection<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Forgets everything (a new connection).
    package mutating func reset() {
        buffer.removeAll(keepingCapacity: false)
        readIndex = 0
        stack.removeAll()
        failed = nil
        replyBytes = 0
    }

    /// The next complete value, or nil until more bytes arrive. After an error every call throws it again.
    package mutating func next() throws(RESPError) -> RESPValue? {
        if let failed { throw failed }
        do throws(RESPError) {
            while true {
                let start = readIndex
                if stack.isEmpty { replyBytes = 0 }
                guard let item = try parseItem() else { return nil }
                replyBytes += readIndex - start
                guard replyBytes <= limits.maxReplyBytes else {
                    throw RESPError.tooLarge("reply over \(limits.maxReplyBytes) bytes")
                }
                guard let value = item else { continue }  // an array header: its elements follow
                if let done = finish(value) { return done }
            }
        } catch {
            failed = error
            throw error
        }
    }

    /// Hands a finished value to the array it belongs in; returns it when it is a whole reply.
    private mutating func finish(_ value: RESPValue) -> RESPValue? {
        var value = value
        while let top = stack.indices.last {
            stack[top].elements.append(value)
            stack[top].remaining -= 1
            guard stack[top].remaining == 0 else { return nil }
            value = .array(stack.removeLast().elements)
        }
        return value
    }

    /// Parses one item at `readIndex`: nil when incomplete, `.some(nil)` for an array header (pushed on the stack),
    /// `.some(value)` for a scalar or an empty/null array.
    private mutating func parseItem() throws(RESPError) -> RESPValue?? {
        guard readIndex < buffer.count else { return nil }
        let type = buffer[readIndex]
        guard let lineEnd = try findLineEnd(from: readIndex + 1) else { return nil }
        let lineStart = readIndex + 1
        switch type {
        case UInt8(ascii: "+"):
            readIndex = lineEnd + 2
            return .some(.simpleString(text(lineStart, lineEnd)))
        case UInt8(ascii: "-"):
            readIndex = lineEnd + 2
            return .some(.error(text(lineStart, lineEnd)))
        case UInt8(ascii: ":"):
            let value = try integer(lineStart, lineEnd)
            readIndex = lineEnd + 2
            return .some(.integer(value))
        case UInt8(ascii: "$"):
            let length = try integer(lineStart, lineEnd)
            if length == -1 {
                readIndex = lineEnd + 2
                return .some(.null)
            }
            guard length >= 0 else { throw .malformed("bulk length \(length)") }
            guard length <= limits.maxBulkLength else {
                throw .tooLarge("bulk string of \(length) bytes (limit \(limits.maxBulkLength))")
            }
            let start = lineEnd + 2
            let end = start + Int(length)
            guard end + 2 <= buffer.count else { return nil }
            guard buffer[end] == 13, buffer[end + 1] == 10 else { throw .malformed("bulk string not ended by CRLF") }
            readIndex = end + 2
            return .some(.bulkString(Array(buffer[start..<end])))
        case UInt8(ascii: "*"):
            let count = try integer(lineStart, lineEnd)
            if count == -1 {
                readIndex = lineEnd + 2
                return .some(.null)
            }
            guard count >= 0 else { throw .malformed("array count \(count)") }
            guard count <= limits.maxArrayCount else {
                throw .tooLarge("array of \(count) elements (limit \(limits.maxArrayCount))")
            }
            readIndex = lineEnd + 2
            if count == 0 { return .some(.array([])) }
            guard stack.count < limits.maxDepth else { throw .tooDeep(limits.maxDepth) }
            var elements: [RESPValue] = []
            elements.reserveCapacity(min(Int(count), 1024))
            stack.append((Int(count), elements))
            return .some(nil)
        default:
            throw .malformed("unknown type byte \(type)")
        }
    }

    /// The index of the CR of the CRLF ending the line that starts at `start`, or nil if it has not all arrived.
    private func findLineEnd(from start: Int) throws(RESPError) -> Int? {
        var index = start
        let limit = min(buffer.count, start + limits.maxLineLength + 1)
        while index < limit {
            let byte = buffer[index]
            if byte == 13 {
                guard index + 1 < buffer.count else { return nil }
                guard buffer[index + 1] == 10 else { throw .malformed("CR not followed by LF") }
                return index
            }
            if byte == 10 { throw .malformed("LF without CR") }
            index += 1
        }
        if buffer.count - start > limits.maxLineLength {
            throw .tooLarge("line longer than \(limits.maxLineLength) bytes")
        }
        return nil
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: buffer[start..<end], as: UTF8.self)
    }

    /// A signed decimal that fits in Int64: no '+', no spaces, no empty line.
    private func integer(_ start: Int, _ end: Int) throws(RESPError) -> Int64 {
        var index = start
        var negative = false
        if index < end, buffer[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < end else { throw .malformed("empty number") }
        var value: Int64 = 0
        while index < end {
            let digit = buffer[index] &- UInt8(ascii: "0")
            guard digit < 10 else { throw .malformed("not a number") }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) =
                negative
                ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { throw .malformed("number out of range") }
            value = sum
            index += 1
        }
        return value
    }

    /// Drops consumed bytes once they are most of the buffer, so a long-lived connection's buffer stays small.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 256 * 1024)
            readIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}

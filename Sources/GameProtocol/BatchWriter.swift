/// Builds one frame payload of server messages, `[[…],[…],…]`, the batch a BrowserQuest client expects per tick.
///
/// The client tells a batch from a single message by whether element 0 is itself an array, and dispatches each
/// element in order, so WELCOME may travel as the first element of the first batch. The world's outbox keeps one
/// writer per player per tick:
///
/// ```swift
/// var batch = BatchWriter()
/// batch.begin(into: &out)
/// batch.append(.move(id: 23, x: 51, y: 12), into: &out)
/// batch.appendList(ids: neighbourhood, into: &out)
/// batch.end(into: &out)  // out now ends with [[4,23,51,12],[19,…]]
/// ```
package struct BatchWriter: Sendable {
    /// How many messages the current batch holds.
    package private(set) var count = 0
    /// Where ``begin(into:)`` wrote the batch's `[` in the output buffer.
    package private(set) var startOffset = 0

    /// A writer with no batch begun.
    package init() {}

    /// Whether the current batch holds no message (an empty batch should not be sent).
    package var isEmpty: Bool { count == 0 }

    /// Starts a batch at the end of `out`.
    package mutating func begin(into out: inout [UInt8]) {
        count = 0
        startOffset = out.count
        out.append(0x5B)
    }

    /// Appends one message to the batch.
    package mutating func append(_ message: ServerMessage, into out: inout [UInt8]) {
        separate(&out)
        message.encode(into: &out)
    }

    /// Appends one message that ``ServerMessage/encode(into:)`` already wrote: a message for many players is encoded
    /// once and its bytes copied into each of their batches.
    package mutating func append(encoded message: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        separate(&out)
        out.append(contentsOf: message)
    }

    /// Appends LIST for any sequence of ids (see ``ServerMessage/writeList(ids:into:)``).
    package mutating func appendList(ids: some Sequence<Int>, into out: inout [UInt8]) {
        separate(&out)
        ServerMessage.writeList(ids: ids, into: &out)
    }

    /// Appends DROP for any sequence of hater ids (see ``ServerMessage/writeDrop(mob:item:kind:haters:into:)``).
    package mutating func appendDrop(
        mob: Int, item: Int, kind: EntityKind, haters: some Sequence<Int>, into out: inout [UInt8]
    ) {
        separate(&out)
        ServerMessage.writeDrop(mob: mob, item: item, kind: kind, haters: haters, into: &out)
    }

    /// Closes the batch with `]`.
    package mutating func end(into out: inout [UInt8]) {
        out.append(0x5D)
    }

    private mutating func separate(_ out: inout [UInt8]) {
        if count > 0 { out.append(0x2C) }
        count += 1
    }
}

import GameProtocol

/// Everything a world says between two ticks, and the world's only way to say it: one batch per session
/// (`[[…],[…]]`, sent as one WebSocket text frame), connections to close, characters to save, and answers to
/// operators.
///
/// The world appends to its outbox as it runs and hands it over at the end of ``World/step(_:totalPlayers:outbox:)``;
/// the server sends each frame to its session and closes what is to be closed.
package struct Outbox: Sendable {
    /// One session's batch for this tick.
    package struct Frame: Sendable {
        package let session: SessionID
        /// `[[…],[…]]` once the tick is over (``finishBatches()``); open (no closing `]`) until then.
        package fileprivate(set) var payload: [UInt8]
        fileprivate var batch = BatchWriter()
        /// Handed over before the flush (``expedite(_:slot:into:)``): its bytes are gone, and a later message for
        /// the session opens a new batch.
        fileprivate var isTaken = false

        fileprivate init(session: SessionID) {
            self.session = session
            payload = []
            // Most batches are a few dozen bytes; the rare big one (LIST, a crowd arriving) grows as it needs.
            payload.reserveCapacity(128)
            batch.begin(into: &payload)
        }

        /// Takes `other`'s bytes and batch state, leaving it empty.
        fileprivate init(session: SessionID, taking other: inout Frame) {
            self.session = session
            payload = []
            swap(&payload, &other.payload)
            batch = other.batch
        }

        fileprivate mutating func append(_ message: ServerMessage) { batch.append(message, into: &payload) }

        fileprivate mutating func append(encoded message: UnsafeBufferPointer<UInt8>) {
            batch.append(encoded: message, into: &payload)
        }

        fileprivate mutating func finish() { batch.end(into: &payload) }
    }

    package private(set) var frames: [Frame] = []
    package private(set) var disconnects: [(session: SessionID, reason: DisconnectReason)] = []
    /// Answers to ``WorldInput/admin(_:_:)`` requests, by request id.
    package private(set) var adminReplies: [(request: UInt64, reply: AdminReply)] = []
    /// Characters to save: those whose lasting state changed, and those leaving the world.
    package private(set) var saves: [CharacterSave] = []
    /// Frames taken out early since the last flush (their slots are left empty).
    private var takenCount = 0

    package init() {}

    /// Appends `message` to `session`'s batch. `slot` remembers where that batch is (the caller keeps it per
    /// player), so finding it costs one comparison instead of a lookup per message; a stale slot opens a new batch.
    mutating func send(_ message: ServerMessage, to session: SessionID, slot: inout Int) {
        openBatch(for: session, slot: &slot)
        frames[slot].append(message)
    }

    /// Appends a message already encoded (``ServerMessage/encode(into:)``) to `session`'s batch, as
    /// ``send(_:to:slot:)`` does: the world encodes what a neighbourhood hears once, not once per listener.
    mutating func send(encoded message: UnsafeBufferPointer<UInt8>, to session: SessionID, slot: inout Int) {
        openBatch(for: session, slot: &slot)
        frames[slot].append(encoded: message)
    }

    /// Points `slot` at `session`'s open batch, opening one when the slot is stale (another session's, or taken
    /// early by ``expedite(_:slot:into:)``).
    @inline(__always)
    private mutating func openBatch(for session: SessionID, slot: inout Int) {
        guard slot >= frames.count || frames[slot].session != session || frames[slot].isTaken else { return }
        slot = frames.count
        frames.append(Frame(session: session))
    }

    /// Asks the server to close `session`'s connection (after sending what is queued for it).
    mutating func disconnect(_ session: SessionID, _ reason: DisconnectReason) {
        disconnects.append((session, reason))
    }

    mutating func save(_ save: CharacterSave) {
        saves.append(save)
    }

    mutating func reply(to request: UInt64, _ reply: AdminReply) {
        adminReplies.append((request, reply))
    }

    /// Closes every batch with `]`: the frames are ready to send. Slots emptied by ``expedite(_:slot:into:)`` go.
    mutating func finishBatches() {
        if takenCount > 0 {
            frames.removeAll { $0.isTaken }
            takenCount = 0
        }
        for index in frames.indices { frames[index].finish() }
    }

    /// Closes `session`'s batch (at `slot`) and moves it to `other` now, ahead of the flush: the answer to what the
    /// player just asked should not wait for the next flush tick. Its slot stays, empty, until then.
    mutating func expedite(_ session: SessionID, slot: Int, into other: inout Outbox) {
        guard slot < frames.count, frames[slot].session == session, !frames[slot].isTaken else { return }
        var frame = Frame(session: session, taking: &frames[slot])
        frame.finish()
        other.frames.append(frame)
        frames[slot].isTaken = true
        takenCount += 1
    }

    /// Moves the saves and operators' answers out of `other`, leaving its batches and closes to a later flush.
    mutating func takeRecords(from other: inout Outbox) {
        swap(&saves, &other.saves)
        swap(&adminReplies, &other.adminReplies)
    }

    /// Empties the outbox, keeping its buffers' capacity for the next tick.
    package mutating func removeAll() {
        frames.removeAll(keepingCapacity: true)
        takenCount = 0
        disconnects.removeAll(keepingCapacity: true)
        adminReplies.removeAll()
        saves.removeAll(keepingCapacity: true)
    }
}

/// Why the world wants a connection closed.
package enum DisconnectReason: Sendable, Equatable {
    /// No message for the idle timeout: BrowserQuest sends the raw text `timeout` first.
    case idle
    /// No HELLO in time.
    case noHello
    /// The world is full.
    case full
    /// A protocol or rules violation (HELLO not first, repeated refused moves…).
    case misbehaving(String)
    /// Removed by an operator, for the given reason.
    case kicked(String)
    /// Saved and sent on: the server is going away and the player continues elsewhere (a drained cluster node).
    case moving
}

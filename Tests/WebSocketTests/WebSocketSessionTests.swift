import Testing
import WebSocket

private func closePayload(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
    [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
}

struct WebSocketSessionTests {
    /// A client's mixed stream: text, binary, a fragmented text with a ping between fragments, an empty message,
    /// extended lengths, a fragmented binary starting with an empty fragment, and a close.
    static let mixedStream: [UInt8] = {
        var bytes: [UInt8] = []
        bytes += clientFrame(.text, Array("Hello".utf8))
        bytes += clientFrame(.binary, [0, 1, 2, 255])
        bytes += clientFrame(fin: false, .text, Array("κό".utf8) + [0xCF], key: 0x0BAD_F00D)  // split inside σ
        bytes += clientFrame(.ping, Array("are you there".utf8))
        bytes += clientFrame(fin: false, .continuation, [0x83] + Array("με".utf8), key: 0)
        bytes += clientFrame(.pong, [])
        bytes += clientFrame(.continuation, Array(" 🎮".utf8))
        bytes += clientFrame(.text, [])
        bytes += clientFrame(.binary, [UInt8](repeating: 7, count: 300))
        bytes += clientFrame(.binary, (0..<70000).map { UInt8(truncatingIfNeeded: $0) })
        bytes += clientFrame(fin: false, .binary, [])
        bytes += clientFrame(.continuation, [9, 8, 7])
        bytes += clientFrame(.close, closePayload(1000, Array("done".utf8)))
        return bytes
    }()

    static let mixedEvents: [RecordedEvent] = [
        .message(.text, Array("Hello".utf8)),
        .message(.binary, [0, 1, 2, 255]),
        .ping(Array("are you there".utf8)),
        .pong([]),
        .message(.text, Array("κόσμε 🎮".utf8)),
        .message(.text, []),
        .message(.binary, [UInt8](repeating: 7, count: 300)),
        .message(.binary, (0..<70000).map { UInt8(truncatingIfNeeded: $0) }),
        .message(.binary, [9, 8, 7]),
        .close(1000, Array("done".utf8)),
    ]

    @Test(arguments: [Int.max, 1, 2, 3, 7, 64, 1000, 65536])
    func mixedStreamGivesTheSameEventsInAnyChunking(chunkSize: Int) {
        var session = serverSession(maxMessageSize: 100_000)
        #expect(feed(&session, Self.mixedStream, chunkSize: chunkSize) == Self.mixedEvents)
        #expect(session.hasReceivedClose)
        #expect(session.state == .open)
    }

    @Test func wholeUnfragmentedFrameIsDeliveredWithoutCopying() {
        var session = serverSession()
        var bytes = clientFrame(.binary, [1, 2, 3, 4])
        bytes.withUnsafeMutableBytes { buffer in
            var index = 0
            guard case .message(.binary, let payload) = session.next(buffer, index: &index) else {
                Issue.record("expected a message")
                return
            }
            #expect(payload.baseAddress == UnsafeRawPointer(buffer.baseAddress! + 6))
            #expect(Array(payload) == [1, 2, 3, 4])
        }
    }

    // MARK: - Failures

    @Test(
        arguments: [
            ("continuation without a message", clientFrame(.continuation, [1]), WebSocketCloseCode.protocolError),
            (
                "new text inside a fragmented message",
                clientFrame(fin: false, .text, [0x61]) + clientFrame(.text, [0x62]), .protocolError
            ),
            (
                "new binary inside a fragmented message",
                clientFrame(fin: false, .binary, [1]) + clientFrame(.binary, [2]), .protocolError
            ),
            ("reserved opcode", hex("83 80 00 00 00 00"), .protocolError),
            ("unmasked frame", hex("81 05 48 65 6c 6c 6f"), .protocolError),
            ("invalid UTF-8", clientFrame(.text, [0x61, 0xC0, 0x80]), .invalidPayload),
            (
                "invalid UTF-8 in a later fragment",
                clientFrame(fin: false, .text, [0x61]) + clientFrame(.continuation, [0xFF]), .invalidPayload
            ),
            ("text ending inside a sequence", clientFrame(.text, [0x61, 0xE2, 0x82]), .invalidPayload),
            (
                "fragmented text ending inside a sequence",
                clientFrame(fin: false, .text, [0xE2]) + clientFrame(.continuation, [0x82]), .invalidPayload
            ),
            ("close with 1-byte payload", clientFrame(.close, [0x03]), .protocolError),
            ("close code 999", clientFrame(.close, closePayload(999)), .protocolError),
            ("close code 1004", clientFrame(.close, closePayload(1004)), .protocolError),
            ("close code 1005", clientFrame(.close, closePayload(1005)), .protocolError),
            ("close code 1006", clientFrame(.close, closePayload(1006)), .protocolError),
            ("close code 1015", clientFrame(.close, closePayload(1015)), .protocolError),
            ("close code 2000", clientFrame(.close, closePayload(2000)), .protocolError),
            ("close code 5000", clientFrame(.close, closePayload(5000)), .protocolError),
            (
                "close reason not UTF-8", clientFrame(.close, closePayload(1000, [0xCE, 0xBA, 0xED, 0xA0, 0x80])),
                .invalidPayload
            ),
            ("close reason cut mid-sequence", clientFrame(.close, closePayload(1000, [0xCE])), .invalidPayload),
            ("message too big", clientFrame(.binary, [UInt8](repeating: 0, count: 101)), .messageTooBig),
            (
                "fragments too big together",
                clientFrame(fin: false, .binary, [UInt8](repeating: 0, count: 60))
                    + clientFrame(.continuation, [UInt8](repeating: 0, count: 41)), .messageTooBig
            ),
        ] as [(String, [UInt8], WebSocketCloseCode)])
    func fails(name: String, bytes: [UInt8], code: WebSocketCloseCode) {
        for chunkSize in [Int.max, 1] {
            var session = serverSession(maxMessageSize: 100)
            let events = feed(&session, bytes, chunkSize: chunkSize)
            #expect(events.last == .failure(code), "\(name), chunk \(chunkSize)")
            #expect(events.filter { if case .failure = $0 { true } else { false } }.count == 1)
            #expect(session.hasFailed)
            // The caller answers with a close carrying the code; the session is then closed.
            var out: [UInt8] = []
            #expect(!session.writeMessage(.text, UnsafeRawBufferPointer(start: nil, count: 0), into: &out))
            #expect(session.writeClose(code: code, reason: "", into: &out))
            #expect(session.state == .closed)
            #expect(out == [0x88, 0x02, UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)])
            #expect(feed(&session, clientFrame(.text, [0x61])).isEmpty)
        }
    }

    @Test func validCloseCodesAreAccepted() {
        for code: UInt16 in [1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999] {
            var session = serverSession()
            #expect(
                feed(&session, clientFrame(.close, closePayload(code, Array("ok".utf8))))
                    == [.close(code, Array("ok".utf8))])
        }
        var session = serverSession()
        #expect(feed(&session, clientFrame(.close, [])) == [.close(nil, [])])
    }

    @Test func invalidUTF8FailsBeforeTheFrameEnds() {
        // A 1000-byte text frame whose 5th byte is invalid: feed only the first 10 bytes of payload.
        var payload = [UInt8](repeating: 0x61, count: 1000)
        payload[4] = 0xF5
        let frame = clientFrame(.text, payload)
        var session = serverSession()
        #expect(feed(&session, Array(frame[0..<16])) == [.failure(.invalidPayload)])
        // Across fragments: the first fragment ends in a valid prefix, the second starts with a bad byte.
        var fragmented = serverSession()
        let first = clientFrame(fin: false, .text, [0x61, 0xF0, 0x9F])
        let second = clientFrame(.continuation, [0x41] + [UInt8](repeating: 0x61, count: 500))
        #expect(feed(&fragmented, first).isEmpty)
        #expect(feed(&fragmented, Array(second[0..<9])) == [.failure(.invalidPayload)])
    }

    @Test func tooBigFailsFromTheHeaderAlone() {
        var session = serverSession(maxMessageSize: 1000)
        let frame = clientFrame(.binary, [UInt8](repeating: 1, count: 2000))
        #expect(feed(&session, Array(frame[0..<8]), chunkSize: 1) == [.failure(.messageTooBig)])
        #expect(session.bufferedCapacity == 0)
    }

    // MARK: - Control frames and closing

    @Test func controlFramesSplitAcrossReadsAreAssembled() {
        let payload = (0..<125).map { UInt8($0) }
        var session = serverSession()
        let bytes =
            clientFrame(fin: false, .binary, [1]) + clientFrame(.ping, payload) + clientFrame(.continuation, [2])
        #expect(feed(&session, bytes, chunkSize: 1) == [.ping(payload), .message(.binary, [1, 2])])
    }

    @Test func closeAfterATextFragmentIgnoresTheRest() {
        // Autobahn 7.1.5: a text fragment, a close, then the next fragment. The close is answered with 1000.
        var session = serverSession()
        let bytes =
            clientFrame(fin: false, .text, Array("frag".utf8)) + clientFrame(.close, closePayload(1000))
            + clientFrame(.continuation, Array("ment".utf8))
        #expect(feed(&session, bytes) == [.close(1000, [])])
        var out: [UInt8] = []
        #expect(session.writeClose(code: .normalClosure, reason: "", into: &out))
        #expect(out == hex("88 02 03 e8"))
        #expect(session.state == .closed)
        #expect(feed(&session, clientFrame(.text, [0x61])).isEmpty)
    }

    @Test func peerInitiatedClose() {
        var session = serverSession()
        var out: [UInt8] = []
        #expect(feed(&session, clientFrame(.close, closePayload(1001))) == [.close(1001, [])])
        #expect(session.state == .open)
        #expect(session.writeClose(code: .goingAway, reason: "", into: &out))
        #expect(session.state == .closed)
        #expect(!session.writeClose(code: .goingAway, reason: "", into: &out))
        #expect(!session.writePing(UnsafeRawBufferPointer(start: nil, count: 0), into: &out))
        #expect(out == hex("88 02 03 e9"))
    }

    @Test func locallyInitiatedClose() {
        var session = serverSession()
        var out: [UInt8] = []
        #expect(session.writeClose(code: .normalClosure, reason: "bye", into: &out))
        #expect(session.state == .closeSent)
        out.removeAll()
        #expect(![UInt8]([1]).withUnsafeBytes { session.writeMessage(.binary, $0, into: &out) })
        #expect(!session.writeClose(code: .normalClosure, reason: "", into: &out))
        #expect(out.isEmpty)
        // Data messages still in flight are discarded, even oversized ones; the peer's close ends the handshake.
        let bytes =
            clientFrame(.text, Array("late".utf8)) + clientFrame(.binary, [UInt8](repeating: 0, count: 70000))
            + clientFrame(.close, closePayload(1000))
        #expect(feed(&session, bytes, chunkSize: 100) == [.close(1000, [])])
        #expect(session.state == .closed)
    }

    @Test func failureAfterSendingCloseEndsTheSession() {
        var session = serverSession()
        var out: [UInt8] = []
        #expect(session.writeClose(code: .normalClosure, reason: "", into: &out))
        #expect(feed(&session, hex("81 00")) == [.failure(.protocolError)])
        #expect(session.state == .closed)
    }

    // MARK: - Roles and output

    @Test func clientMasksAndServerUnmasks() {
        var client = WebSocketSession(configuration: .init(role: .client), maskSeed: 42)
        var server = serverSession()
        var wire: [UInt8] = []
        let text = Array("masked round trip ✓".utf8)
        let binary = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(text.withUnsafeBytes { client.writeMessage(.text, $0, into: &wire) })
        #expect(binary.withUnsafeBytes { client.writeMessage(.binary, $0, into: &wire) })
        #expect([UInt8]([1, 2]).withUnsafeBytes { client.writePing($0, into: &wire) })
        #expect(client.writeClose(code: .normalClosure, reason: "bye", into: &wire))
        #expect(wire[1] & 0x80 != 0)
        #expect(
            feed(&server, wire, chunkSize: 5) == [
                .message(.text, text), .message(.binary, binary), .ping([1, 2]), .close(1000, Array("bye".utf8)),
            ])
        // Different frames get different keys.
        var frames: [UInt8] = []
        for _ in 0..<2 { _ = [UInt8]([0]).withUnsafeBytes { client.writePong($0, into: &frames) } }
        #expect(frames.isEmpty)  // the client already sent close
        var fresh = WebSocketSession(configuration: .init(role: .client), maskSeed: 7)
        for _ in 0..<2 { _ = [UInt8]([0]).withUnsafeBytes { fresh.writePong($0, into: &frames) } }
        #expect(frames[2..<6] != frames[9..<13])

        // And the server's unmasked replies parse on the client.
        var reply: [UInt8] = []
        #expect(binary.withUnsafeBytes { server.writeMessage(.binary, $0, into: &reply) })
        #expect(reply.starts(with: hex("82 7E 03 E8")))
        var receiver = WebSocketSession(configuration: .init(role: .client))
        #expect(feed(&receiver, reply, chunkSize: 3) == [.message(.binary, binary)])
    }

    @Test func controlPayloadLimitOnOutput() {
        var session = serverSession()
        var out: [UInt8] = []
        let big = [UInt8](repeating: 0, count: 126)
        #expect(!big.withUnsafeBytes { session.writePing($0, into: &out) })
        #expect(big.dropLast().withUnsafeBytes { session.writePong($0, into: &out) })
        #expect(out.count == 2 + 125)
    }

    // MARK: - Large messages and memory

    @Test func manyFragmentsAssembleInLinearTimeAndTheBufferIsReleased() {
        let fragmentCount = 65536
        let fragment = [UInt8](repeating: 0x61, count: 16)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fragmentCount * 24)
        for i in 0..<fragmentCount {
            let opcode: WebSocketOpcode = i == 0 ? .text : .continuation
            FrameEncoder.writeFrame(
                fin: i == fragmentCount - 1, opcode: opcode, payload: fragment, maskingKey: UInt32(i), into: &bytes)
        }
        var session = WebSocketSession(
            configuration: .init(role: .server, maxMessageSize: 16 << 20, maxFragments: fragmentCount))
        let events = feed(&session, bytes, chunkSize: 65536)
        #expect(events.count == 1)
        guard case .message(.text, let payload) = events.first else {
            Issue.record("expected message")
            return
        }
        #expect(payload.count == fragmentCount * 16)
        #expect(payload.allSatisfy { $0 == 0x61 })
        // The next call to `next` gives the megabyte back.
        #expect(feed(&session, []).isEmpty)
        #expect(session.bufferedCapacity == 0)
        // Small messages keep their (small) buffer for reuse.
        _ = feed(&session, clientFrame(fin: false, .binary, [1]) + clientFrame(.continuation, [2]))
        #expect(feed(&session, []).isEmpty)
        #expect(session.bufferedCapacity > 0 && session.bufferedCapacity < 1024)
    }

    @Test func newSessionHoldsNoBuffers() {
        let session = serverSession(maxMessageSize: 16 << 20)
        #expect(session.bufferedCapacity == 0)
        #expect(MemoryLayout<WebSocketSession>.size < 512)
    }
}

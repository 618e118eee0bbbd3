import Testing
import WebSocket

/// A session that negotiated permessage-deflate the way WireQuest's server answers (no context takeover).
private func deflateSession(
    role: WebSocketRole = .server, maxMessageSize: Int = 64 * 1024, threshold: Int = 0,
    codec: PerMessageDeflateCodec = PerMessageDeflateCodec()
) -> WebSocketSession {
    var parameters = PerMessageDeflateParameters()
    parameters.serverNoContextTakeover = true
    parameters.clientNoContextTakeover = true
    return WebSocketSession(
        configuration: .init(
            role: role, maxMessageSize: maxMessageSize, deflate: parameters, compressionThreshold: threshold),
        codec: codec)
}

/// `payload` compressed as one permessage-deflate message by a fresh codec.
private func compressed(_ payload: [UInt8]) -> [UInt8] {
    let codec = PerMessageDeflateCodec()
    return payload.withUnsafeBytes { Array(codec.compress($0, windowBits: 15)!) }
}

struct PerMessageDeflateCodecTests {
    /// RFC 7692 §7.2.3.1: "Hello" compressed with a sync flush, the trailing 00 00 ff ff removed.
    @Test func helloCompressesToTheRFCBytes() {
        #expect(compressed(Array("Hello".utf8)) == hex("f2 48 cd c9 c9 07 00"))
    }

    /// §7.2.3.6: an empty message is sent as a single 00 byte.
    @Test func emptyMessageCompressesToOneZeroByte() {
        #expect(compressed([]) == [0x00])
    }

    @Test func eachMessageIsCompressedIndependently() {
        let codec = PerMessageDeflateCodec()
        let first = Array("Hello".utf8).withUnsafeBytes { Array(codec.compress($0, windowBits: 15)!) }
        let second = Array("Hello".utf8).withUnsafeBytes { Array(codec.compress($0, windowBits: 15)!) }
        // With context takeover the second would be the shorter back-reference of §7.2.3.2.
        #expect(first == second)
    }

    @Test func eightBitWindowStillRoundTrips() {
        let text = Array(String(repeating: "abcdefghij", count: 100).utf8)
        let codec = PerMessageDeflateCodec()
        let packed = text.withUnsafeBytes { Array(codec.compress($0, windowBits: 8)!) }
        let inflater = PerMessageDeflateCodec()
        guard case .message(let bytes) = packed.withUnsafeBytes({ inflater.inflate($0, limit: 10_000) }) else {
            Issue.record("did not inflate")
            return
        }
        #expect(Array(bytes) == text)
    }

    /// Found by the inflater's fuzz harness: a final block ending exactly one byte past the limit (101 × "H").
    @Test func aStreamEndingOneBytePastTheLimitIsTooBig() {
        let stream = hex("f3 a0 07 00 00")
        let codec = PerMessageDeflateCodec()
        let atLimit = stream.withUnsafeBytes { codec.inflate($0, limit: 100) }
        guard case .tooBig = atLimit else {
            Issue.record("101 bytes inflated under a limit of 100: \(atLimit)")
            return
        }
        guard case .message(let bytes) = stream.withUnsafeBytes({ codec.inflate($0, limit: 101) }) else {
            Issue.record("did not inflate under a limit of 101")
            return
        }
        #expect(Array(bytes) == [UInt8](repeating: UInt8(ascii: "H"), count: 101))
    }
}

struct PerMessageDeflateSessionTests {
    /// RFC 7692 §7.2.3.1–§7.2.3.6: the same "Hello" in its different encodings, unmasked as a server sends them.
    @Test(arguments: [
        "c1 07 f2 48 cd c9 c9 07 00",  // §7.2.3.1, one frame
        "41 03 f2 48 cd 80 04 c9 c9 07 00",  // §7.2.3.1, fragmented
        "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00",  // §7.2.3.3, a stored block
        "c1 08 f3 48 cd c9 c9 07 00 00",  // §7.2.3.4, BFINAL set
        "c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00",  // §7.2.3.5, two blocks
    ])
    func rfcExamplesInflateToHello(frames: String) {
        for chunk in [Int.max, 1, 3] {
            var session = deflateSession(role: .client)
            #expect(feed(&session, hex(frames), chunkSize: chunk) == [.message(.text, Array("Hello".utf8))])
        }
    }

    @Test func emptyCompressedMessages() {
        var session = deflateSession(role: .client)
        // §7.2.3.6: a single 00; an empty payload with RSV1 is the same empty message.
        #expect(feed(&session, hex("c1 01 00 c2 00")) == [.message(.text, []), .message(.binary, [])])
    }

    /// §7.2.3.2: a second message referring back into the first. We answer client_no_context_takeover, so a peer
    /// that uses the shared window anyway sends data we cannot inflate: the connection fails with 1007.
    @Test func contextTakeoverThatWasRefusedFails() {
        var session = deflateSession(role: .client)
        #expect(
            feed(&session, hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"))
                == [.message(.text, Array("Hello".utf8)), .failure(.invalidPayload)])
    }

    @Test(arguments: [Int.max, 1, 5, 100])
    func maskedCompressedMessagesInAnyChunking(chunkSize: Int) {
        let text = Array(String(repeating: "zone 12 moved to 40,51; ", count: 50).utf8)
        let packed = compressed(text)
        var bytes = clientFrame(rsv1: true, .text, packed)
        // The same message in three fragments, RSV1 on the first only (§6.1), a ping between fragments.
        let third = packed.count / 3
        bytes += clientFrame(fin: false, rsv1: true, .binary, Array(packed[..<third]))
        bytes += clientFrame(.ping, [1])
        bytes += clientFrame(fin: false, .continuation, Array(packed[third..<(2 * third)]))
        bytes += clientFrame(.continuation, Array(packed[(2 * third)...]))
        bytes += clientFrame(.text, Array("plain".utf8))
        var session = deflateSession()
        #expect(
            feed(&session, bytes, chunkSize: chunkSize) == [
                .message(.text, text), .ping([1]), .message(.binary, text), .message(.text, Array("plain".utf8)),
            ])
    }

    /// 1 MiB of zeros deflates to about 1 KiB: the inflated size is what the message limit bounds (→ 1009).
    @Test func decompressionBombFailsWith1009() {
        var session = deflateSession(maxMessageSize: 64 * 1024)
        let bomb = compressed([UInt8](repeating: 0, count: 1 << 20))
        #expect(bomb.count < 2048)
        #expect(feed(&session, clientFrame(rsv1: true, .binary, bomb)) == [.failure(.messageTooBig)])
    }

    @Test func exactlyTheLimitInflates() {
        var session = deflateSession(maxMessageSize: 1000)
        let bytes = clientFrame(rsv1: true, .binary, compressed([UInt8](repeating: 7, count: 1000)))
        #expect(feed(&session, bytes) == [.message(.binary, [UInt8](repeating: 7, count: 1000))])
        var over = deflateSession(maxMessageSize: 999)
        #expect(feed(&over, bytes) == [.failure(.messageTooBig)])
    }

    @Test func invalidUTF8InsideACompressedTextFailsWith1007() {
        var session = deflateSession()
        let bytes = clientFrame(rsv1: true, .text, compressed([0x48, 0xC0, 0xAF]))
        #expect(feed(&session, bytes) == [.failure(.invalidPayload)])
    }

    @Test func garbageIsNotDeflateData() {
        var session = deflateSession()
        #expect(feed(&session, clientFrame(rsv1: true, .binary, [0xFF, 0xFF, 0xFF])) == [.failure(.invalidPayload)])
    }

    @Test func rsv1WithoutNegotiationFails() {
        var session = serverSession()
        #expect(
            feed(&session, clientFrame(rsv1: true, .text, compressed(Array("Hi".utf8)))) == [
                .failure(.protocolError)
            ])
    }

    @Test(arguments: [
        clientFrame(fin: false, .text, [0]) + clientFrame(rsv1: true, .continuation, [0]),
        clientFrame(rsv1: true, .ping, []),
        [0xA1, 0x80, 0, 0, 0, 0],  // RSV2
        [0x91, 0x80, 0, 0, 0, 0],  // RSV3
    ])
    func rsv1OnlyOnFirstDataFrames(bytes: [UInt8]) {
        var session = deflateSession()
        #expect(feed(&session, bytes).last == .failure(.protocolError))
    }

    @Test func outgoingMessagesAreCompressedAboveTheThresholdOnly() {
        let codec = PerMessageDeflateCodec()
        var server = deflateSession(threshold: 64, codec: codec)
        let long = Array(String(repeating: "[1,2,3,4,5],", count: 40).utf8)
        var out: [UInt8] = []
        long.withUnsafeBytes { _ = server.writeMessage(.text, $0, into: &out) }
        #expect(out[0] == 0xC1)  // FIN, RSV1, text
        #expect(out.count < long.count / 3)
        let compressedFrame = out
        out.removeAll()
        Array("short".utf8).withUnsafeBytes { _ = server.writeMessage(.text, $0, into: &out) }
        #expect(out == hex("81 05") + Array("short".utf8))
        var client = deflateSession(role: .client)
        #expect(feed(&client, compressedFrame + out) == [.message(.text, long), .message(.text, Array("short".utf8))])
    }

    @Test func clientCompressedMessagesAreMaskedAndReadable() {
        var client = deflateSession(role: .client)
        let text = Array(String(repeating: "hello world ", count: 20).utf8)
        var out: [UInt8] = []
        text.withUnsafeBytes { _ = client.writeMessage(.text, $0, into: &out) }
        #expect(out[0] == 0xC1 && out[1] & 0x80 != 0)
        var server = deflateSession()
        #expect(feed(&server, out) == [.message(.text, text)])
    }
}

struct ContextTakeoverTests {
    /// RFC 7692 §7.2.3.2: with the LZ77 window shared, a second "Hello" is a back-reference.
    @Test func secondHelloRefersToTheFirst() {
        var parameters = PerMessageDeflateParameters()
        parameters.clientNoContextTakeover = true
        var server = WebSocketSession(
            configuration: .init(role: .server, deflate: parameters, compressionThreshold: 0, contextWindowBits: 10),
            codec: PerMessageDeflateCodec())
        var out: [UInt8] = []
        for _ in 0..<2 { Array("Hello".utf8).withUnsafeBytes { _ = server.writeMessage(.text, $0, into: &out) } }
        #expect(out == hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"))
    }

    /// §7.2.3.2 as a client hears it from a server that keeps context.
    @Test func clientInflatesAServerThatKeepsContext() {
        var parameters = PerMessageDeflateParameters()
        parameters.clientNoContextTakeover = true
        var client = WebSocketSession(
            configuration: .init(role: .client, deflate: parameters), codec: PerMessageDeflateCodec())
        #expect(
            feed(&client, hex("c1 07 f2 48 cd c9 c9 07 00 c1 05 f2 00 11 00 00"), chunkSize: 3) == [
                .message(.text, Array("Hello".utf8)), .message(.text, Array("Hello".utf8)),
            ])
    }

    @Test func serverNoContextTakeoverWinsOverTheConfiguration() {
        var parameters = PerMessageDeflateParameters()
        parameters.serverNoContextTakeover = true
        var server = WebSocketSession(
            configuration: .init(role: .server, deflate: parameters, compressionThreshold: 0, contextWindowBits: 10),
            codec: PerMessageDeflateCodec())
        let text = Array(String(repeating: "Hello ", count: 20).utf8)
        var first: [UInt8] = []
        var second: [UInt8] = []
        text.withUnsafeBytes { _ = server.writeMessage(.text, $0, into: &first) }
        text.withUnsafeBytes { _ = server.writeMessage(.text, $0, into: &second) }
        #expect(first[0] == 0xC1 && first == second)
    }

    @Test func negotiationKeepsServerContextUnlessRefused() {
        let kept = PerMessageDeflateParameters.negotiate(offers: ["permessage-deflate"], serverContextTakeover: true)
        #expect(kept?.headerValue == "permessage-deflate; client_no_context_takeover")
        let refused = PerMessageDeflateParameters.negotiate(
            offers: ["permessage-deflate; server_no_context_takeover"], serverContextTakeover: true)
        #expect(refused?.serverNoContextTakeover == true)
    }
}

struct MessageLimitTests {
    @Test func tooManyFragmentsFailWith1008() {
        var session = WebSocketSession(configuration: .init(role: .server, maxFragments: 4))
        var four = clientFrame(fin: false, .text, [65])
        for _ in 0..<2 { four += clientFrame(fin: false, .continuation, []) }
        four += clientFrame(.continuation, [66])
        #expect(feed(&session, four) == [.message(.text, [65, 66])])
        var five = clientFrame(fin: false, .text, [65])
        for _ in 0..<4 { five += clientFrame(fin: false, .continuation, []) }
        #expect(feed(&session, five) == [.failure(.policyViolation)])
    }

    /// Issue 13: 200,000 empty continuations were accepted. The default limit stops them after 1,024 frames.
    @Test func twoHundredThousandEmptyContinuationsAreRefused() {
        var session = serverSession()
        var bytes = clientFrame(fin: false, .binary, [])
        let empty = clientFrame(fin: false, .continuation, [])
        bytes.reserveCapacity(bytes.count + empty.count * 200_000)
        for _ in 0..<200_000 { bytes += empty }
        #expect(feed(&session, bytes) == [.failure(.policyViolation)])
    }

    @Test func binaryRefusedWith1003WhenNotAccepted() {
        var session = WebSocketSession(configuration: .init(role: .server, acceptsBinary: false))
        let bytes = clientFrame(.text, [65]) + clientFrame(.binary, [1])
        #expect(feed(&session, bytes) == [.message(.text, [65]), .failure(.unsupportedData)])
    }

    @Test func messagesBegunCountsDataMessagesOnly() {
        var session = serverSession()
        _ = feed(&session, clientFrame(fin: false, .text, [65]) + clientFrame(.ping, []))
        #expect(session.isReceivingMessage)
        _ = feed(&session, clientFrame(.continuation, [66]) + clientFrame(.binary, [1]))
        #expect(session.messagesBegun == 2)
        #expect(!session.isReceivingMessage)
    }
}

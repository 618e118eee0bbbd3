// libFuzzer harness for what a cluster node reads from Redis (built and run by .ci/fuzz.sh, not by SwiftPM): RESP2
// replies, node records from the directory and bus envelopes. Redis relays whatever any client of it wrote, so a
// node must survive any bytes there.
//
// Input: a reply stream. RESP values parsed from it whole must equal those parsed from it fed in two pieces (the
// first byte says where to cut); each bulk string is also decoded as a node record and as an envelope, and a record
// or envelope that decodes must survive a round trip through its encoder.
import Cluster
import Redis

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClusterWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = RESPParser.Limits(
        maxBulkLength: 4096, maxArrayCount: 64, maxDepth: 8, maxLineLength: 1024, maxReplyBytes: 16 * 1024)
    let whole = values(in: [bytes[...].dropFirst()], limits: limits)
    let cut = 1 + Int(bytes[0]) % size
    let pieces = values(in: [bytes[1..<max(1, cut)], bytes[max(1, cut)...]], limits: limits)
    precondition(whole == pieces, "RESP values depend on how the input was cut")
    for value in whole.values { check(value) }
    return 0
}

private struct Parsed: Equatable {
    var values: [RESPValue] = []
    var failed = false
}

private func values(in pieces: [ArraySlice<UInt8>], limits: RESPParser.Limits) -> Parsed {
    var parser = RESPParser(limits: limits)
    var parsed = Parsed()
    for piece in pieces {
        parser.append(piece)
        while true {
            do {
                guard let value = try parser.next() else { break }
                parsed.values.append(value)
            } catch {
                parsed.failed = true
                return parsed
            }
        }
    }
    return parsed
}

private func check(_ value: RESPValue) {
    switch value {
    case .bulkString(let payload):
        if let info = try? NodeInfo.decode(payload) {
            precondition((try? NodeInfo.decode(Array(info.encoded().utf8))) == info, "a node record changed")
        }
        if let envelope = try? ClusterEnvelope.decode(payload, maxBodyBytes: 4096) {
            let again = try? ClusterEnvelope.decode(envelope.encoded(), maxBodyBytes: 4096)
            precondition(again == envelope, "an envelope changed in a round trip")
        }
    case .array(let elements):
        for element in elements { check(element) }
    default:
        break
    }
}

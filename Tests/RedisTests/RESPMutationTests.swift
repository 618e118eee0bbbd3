import Redis
import Support
import Testing

/// Damaged streams (seeded, so a failure replays): the parser must return values or throw, never trap or hang,
/// and what it returns must be what a clean parse of the same bytes returns.
struct RESPMutationTests {
    private static let sample = Array(
        ("*3\r\n$5\r\nhello\r\n:-12\r\n*2\r\n+OK\r\n$-1\r\n-ERR no\r\n:7\r\n$0\r\n\r\n*-1\r\n"
            + "*2\r\n*1\r\n*1\r\n:1\r\n$3\r\na\r\n\r\n").utf8)

    @Test func damagedInputFailsCleanly() {
        var random = SplitMix64(seed: 14)
        let limits = RESPParser.Limits(maxBulkLength: 1 << 16, maxArrayCount: 1 << 12, maxDepth: 4, maxLineLength: 256)
        var threw = 0
        for _ in 0..<3000 {
            var bytes = Self.sample
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                }
            }
            let whole = parse([bytes], limits)
            let split = Int.random(in: 0...bytes.count, using: &random)
            let pieces = parse([Array(bytes[..<split]), Array(bytes[split...])], limits)
            #expect(whole == pieces, "split at \(split) of \(bytes)")
            if case .failure = whole { threw += 1 }
        }
        #expect(threw > 0, "some damage must be detected")
    }

    private enum Outcome: Equatable {
        case values([RESPValue])
        case failure(RESPError, after: [RESPValue])
    }

    private func parse(_ chunks: [[UInt8]], _ limits: RESPParser.Limits) -> Outcome {
        var parser = RESPParser(limits: limits)
        var values: [RESPValue] = []
        do {
            for chunk in chunks {
                parser.append(chunk)
                while let value = try parser.next() { values.append(value) }
            }
        } catch {
            return .failure(error, after: values)
        }
        return .values(values)
    }
}

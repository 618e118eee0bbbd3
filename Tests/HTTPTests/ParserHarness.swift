@testable import HTTP

/// The final event of a parse and how many bytes it consumed in total.
struct ParseOutcome<Event: Equatable>: Equatable {
    var event: Event
    var consumed: Int
}

/// Feeds bytes to a parser in different splits, so tests can check the outcome does not depend on them.
enum ParserHarness {
    /// Feeds `chunks` in order to one parser, stopping at the first event that is not `needMore`.
    static func feed<Line>(
        _ parser: inout HTTPHeadParser<Line>, _ chunks: [ArraySlice<UInt8>]
    ) -> ParseOutcome<HTTPHeadParser<Line>.Event> {
        var consumed = 0
        var event = HTTPHeadParser<Line>.Event.needMore
        for chunk in chunks {
            var index = 0
            event = Array(chunk).withUnsafeBytes { parser.next($0, index: &index) }
            consumed += index
            if event != .needMore { break }
        }
        return ParseOutcome(event: event, consumed: consumed)
    }

    /// The outcome for the whole input, and labelled outcomes for byte-by-byte and every two-way split.
    static func allSplits<Line>(
        _ bytes: [UInt8], make: () -> HTTPHeadParser<Line>
    ) -> (
        whole: ParseOutcome<HTTPHeadParser<Line>.Event>,
        others: [(label: String, outcome: ParseOutcome<HTTPHeadParser<Line>.Event>)]
    ) {
        func run(_ chunks: [ArraySlice<UInt8>]) -> ParseOutcome<HTTPHeadParser<Line>.Event> {
            var parser = make()
            return feed(&parser, chunks)
        }
        let whole = run([bytes[...]])
        var others: [(label: String, outcome: ParseOutcome<HTTPHeadParser<Line>.Event>)] = []
        others.append(("byte by byte", run(bytes.indices.map { bytes[$0...$0] })))
        for split in 0...bytes.count {
            others.append(("split at \(split)", run([bytes[..<split], bytes[split...]])))
        }
        return (whole, others)
    }
}

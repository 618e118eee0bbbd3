/// The part of an HTTP/1.x head parser that differs between requests and responses: its first line.
package protocol HTTPStartLineParser: Sendable {
    associatedtype Head: Sendable

    /// What an overlong start line is reported as (414 for a request line).
    static var tooLong: HTTPParseError { get }

    init()

    /// Parses the start line, keeping what it found; returns the error if it is malformed.
    mutating func parse(_ line: [UInt8]) -> HTTPParseError?

    /// Builds the head once the header section is complete, or refuses it.
    func head(headers: HTTPHeaders) -> Result<Head, HTTPParseError>
}

/// An incremental, sans-IO parser for HTTP/1.x heads (RFC 9112 §2–§6): ``HTTPRequestParser`` for requests and
/// ``HTTPResponseParser`` for responses, which differ only in their start line (`Line`).
///
/// Feed it whatever bytes have arrived; it consumes them and reports `.needMore` until a complete head (start
/// line, header fields, empty line) has been read. The outcome is the same however the input is split. It does not
/// read bodies: after `.head`, the caller handles any body and calls `reset()` before the next message.
package struct HTTPHeadParser<Line: HTTPStartLineParser>: Sendable {
    /// The result of one call to `next`.
    package enum Event: Sendable {
        /// Every byte offered was consumed and the head is not complete yet.
        case needMore
        /// A complete, validated head.
        case head(Line.Head)
        /// The head is invalid; answer (a request) with `error.status` and close the connection.
        case error(HTTPParseError)
    }

    private enum State: Sendable {
        case scanning
        case done(Line.Head)
        case failed(HTTPParseError)
    }

    private var scanner: HTTPHeadScanner
    private var state = State.scanning
    private var line = Line()

    package init(limits: HTTPLimits = .init()) {
        scanner = HTTPHeadScanner(limits: limits, startLineTooLong: Line.tooLong)
    }

    /// True while no byte of the next head has been consumed (keep-alive idle, not a slow head).
    package var isIdle: Bool {
        if case .scanning = state { return !scanner.consumedAny }
        return false
    }

    /// Prepares for the next message on the connection, keeping buffer capacity.
    package mutating func reset() {
        scanner.reset()
        state = .scanning
        line = Line()
    }

    /// Consumes bytes from `buffer[index...]`; advances index past what it consumed.
    ///
    /// After `.head`, `index` points at the first byte after the head's final line terminator: a body, the next
    /// pipelined request, or WebSocket frames after an upgrade. After `.head` or `.error` the parser repeats
    /// that event without consuming anything until `reset()`; after `.error` only a new connection helps.
    package mutating func next(_ buffer: UnsafeRawBufferPointer, index: inout Int) -> Event {
        switch state {
        case .done(let head): return .head(head)
        case .failed(let error): return .error(error)
        case .scanning: break
        }
        while true {
            switch scanner.scan(buffer, index: &index) {
            case .needMore:
                return .needMore
            case .failed(let error):
                return fail(error)
            case .startLine:
                if let error = line.parse(scanner.line) { return fail(error) }
            case .complete:
                switch line.head(headers: scanner.headers) {
                case .failure(let error):
                    return fail(error)
                case .success(let head):
                    state = .done(head)
                    return .head(head)
                }
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        scanner.fail(error)
        state = .failed(error)
        return .error(error)
    }
}

extension HTTPHeadParser.Event: Equatable where Line.Head: Equatable {}

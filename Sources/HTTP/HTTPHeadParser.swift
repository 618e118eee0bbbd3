/// The part of an HTTP/1.x head parser that differs between requests and responses: its first line.
protocol HTTPStartLineParser: Sendable {
    associatedtype Head: Sendable

    /// What an overlong start line is reported as (414 for a request line).
    static var tooLong: HTTPParseError { get }

    init()

    /// Parses the start line, keeping what it found; returns the error if it is malformed.
    mutating func parse(_ line: [UInt8]) -> HTTPParseError?

    /// Builds the head once the header section is complete, or refuses it.
    func head(headers: HTTPHeaders) -> Result<Head, HTTPParseError>
}

/// The incremental state machine shared by ``HTTPRequestParser`` and ``HTTPResponseParser``: scan lines, hand the
/// first to `Line`, collect fields, and then repeat the outcome without consuming anything until `reset()`.
struct HTTPHeadParser<Line: HTTPStartLineParser>: Sendable {
    enum Event: Sendable {
        case needMore
        case head(Line.Head)
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

    init(limits: HTTPLimits) {
        scanner = HTTPHeadScanner(limits: limits, startLineTooLong: Line.tooLong)
    }

    /// True while no byte of the next head has been consumed.
    var isIdle: Bool {
        if case .scanning = state { return !scanner.consumedAny }
        return false
    }

    /// Prepares for the next head, keeping buffer capacity.
    mutating func reset() {
        scanner.reset()
        state = .scanning
        line = Line()
    }

    mutating func next(_ buffer: UnsafeRawBufferPointer, index: inout Int) -> Event {
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

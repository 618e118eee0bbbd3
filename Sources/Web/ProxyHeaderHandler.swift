import NetCore
import Support

/// The first handler of a connection from a trusted proxy: reads a PROXY protocol header (v1 or v2) if the
/// connection starts with one, then hands the connection, and the bytes after the header, to HTTP with the client
/// the header named. A connection without a header is plain HTTP from the proxy itself (health checks).
///
/// Untrusted peers never get this handler: a PROXY header from them reaches the HTTP parser as a bad request.
final class ProxyHeaderHandler: ConnectionHandler {
    private let context: WebServer.Context
    /// The first bytes, kept only while a header arrives in pieces (at most ``ProxyProtocol/maxLength``).
    private var pending: [UInt8] = []

    init(context: WebServer.Context) {
        self.context = context
    }

    func connectionDidOpen(_ connection: Connection) {
        // The header and the first request head share one header timeout (slowloris).
        connection.deadline = MonotonicClock.now() + context.configuration.headerTimeout
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        if pending.isEmpty {
            let result = ProxyProtocol.parse(UnsafeRawBufferPointer(bytes))
            if result == .needMore { pending.append(contentsOf: bytes) }
            handle(result, connection: connection, bytes: bytes)
        } else {
            pending.append(contentsOf: bytes)
            var buffered = pending
            let result = buffered.withUnsafeBytes { ProxyProtocol.parse($0) }
            guard result != .needMore else { return }
            pending = []
            buffered.withUnsafeMutableBytes { handle(result, connection: connection, bytes: $0) }
        }
    }

    private func handle(
        _ result: ProxyProtocol.ParseResult, connection: Connection, bytes: UnsafeMutableRawBufferPointer
    ) {
        switch result {
        case .needMore:
            return
        case .absent:
            handOff(connection, client: ClientAddress(peer: connection.peer), rest: bytes)
        case .header(let header, let length):
            let client =
                header.source.map { ClientAddress(ip: $0, port: header.sourcePort) }
                ?? ClientAddress(peer: connection.peer)
            handOff(connection, client: client, rest: UnsafeMutableRawBufferPointer(rebasing: bytes[length...]))
        case .invalid(let reason):
            context.logger.info("PROXY header from \(connection.peer?.description ?? "?") refused: \(reason)")
            connection.close()
        }
    }

    private func handOff(_ connection: Connection, client: ClientAddress, rest: UnsafeMutableRawBufferPointer) {
        let http = HTTPServerHandler(context: context, client: client)
        connection.handler = http
        let deadline = connection.deadline
        http.connectionDidOpen(connection)
        connection.deadline = deadline  // the header's time counts against the first request's
        if !rest.isEmpty { http.connection(connection, didRead: rest) }
    }

    func connectionDeadlineReached(_ connection: Connection) {
        context.logger.info("PROXY header from \(connection.peer?.description ?? "?") not complete in time")
        connection.close()
    }
}

@available(*, unavailable)
extension ProxyHeaderHandler: Sendable {}

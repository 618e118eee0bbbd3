import NetCore
import Redis
import Support

/// A stand-in Redis for behaviour a real one will not show on demand (hanging, garbage, closing at once): it parses
/// each command with the project's own parser and writes what `answer` returns for it, nothing for nil.
final class ScriptedRedis: ConnectionHandler {
    /// Gets the command and how many commands this connection has seen before it.
    typealias Answer = @Sendable (_ command: [String], _ index: Int) -> [UInt8]?

    private let answer: Answer
    private var parser = RESPParser()
    private var count = 0

    init(answer: @escaping Answer) {
        self.answer = answer
    }

    func connectionDidOpen(_ connection: Connection) {}

    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        parser.append(UnsafeRawBufferPointer(bytes))
        while let value = try? parser.next() {
            let command = (value.array ?? []).compactMap(\.string)
            if let reply = answer(command, count) { connection.write(reply) }
            count += 1
        }
    }
}

/// Accepts and closes at once: a port where something listens but never serves.
final class ClosingHandler: ConnectionHandler {
    func connectionDidOpen(_ connection: Connection) { connection.close() }
    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {}
}

import Support

/// One session with a PostgreSQL server: start-up and login, then extended-protocol queries with text parameters
/// and results. Blocking (bounded by the URL's timeouts); used only on the storage thread. After the connection is
/// lost or times out it is closed, and the next call connects afresh: once per call, so a server that is down
/// costs each call one failed connect, never a loop.
package final class PostgresConnection {
    /// One statement of a pipeline: its SQL (`$1`… for parameters) and the parameters' text (nil is NULL).
    package struct Statement {
        package var sql: String
        package var parameters: [String?]

        package init(_ sql: String, _ parameters: [String?] = []) {
            self.sql = sql
            self.parameters = parameters
        }
    }

    /// A statement's rows (text values, nil for NULL) and how many rows its command touched.
    package struct Result {
        package var rows: [[String?]] = []
        package var affectedRows = 0
    }

    package let url: PostgresURL
    private var socket: PostgresSocket?
    private var reader = BackendMessageReader()
    /// What the server reported with ParameterStatus (server_version, TimeZone, ...).
    package private(set) var parameters: [String: String] = [:]
    /// The server process serving this session (BackendKeyData), 0 before the first login.
    package private(set) var backendProcessID: Int32 = 0
    /// ReadyForQuery's status: `I` idle, `T` in a transaction, `E` in a failed transaction.
    package private(set) var transactionStatus: UInt8 = UInt8(ascii: "I")
    /// Sessions opened so far, and when the current one was: a store that just reconnected was cut off from the
    /// server, and so may have been every other client of it (see `PostgresStore.claimLease`).
    package private(set) var sessions = 0
    package private(set) var connectedAt: MonotonicClock.Instant?
    /// No result of one call may hold more than this many bytes of values, whatever the server sends.
    static let maximumResultBytes = 64 << 20
    /// PostgreSQL reports about 15 parameters; this many distinct ones is a broken or hostile server.
    static let maximumParameters = 256

    package init(url: PostgresURL) { self.url = url }

    package var isConnected: Bool { socket?.isOpen ?? false }

    /// Connects and logs in unless already connected.
    package func connectIfNeeded() throws(PostgresError) {
        if isConnected { return }
        let deadline = MonotonicClock.now().nanoseconds + UInt64(url.connectTimeoutSeconds) * 1_000_000_000
        do throws(PostgresError) {
            let socket = try PostgresSocket.connect(host: url.host, port: url.port, deadline: deadline)
            self.socket = socket
            reader.reset()
            parameters = [:]
            var startup = [("user", url.user), ("database", url.database), ("application_name", url.applicationName)]
            if let options = url.options { startup.append(("options", options)) }
            try socket.write(PostgresWire.startup(startup), deadline: deadline)
            try authenticate(deadline: deadline)
            sessions += 1
            connectedAt = MonotonicClock.now()
        } catch {
            drop()
            throw error
        }
    }

    /// Says goodbye and closes the socket.
    package func close() {
        if let socket, socket.isOpen {
            try? socket.write(PostgresWire.terminate, deadline: MonotonicClock.now().nanoseconds + 1_000_000_000)
        }
        drop()
    }

    /// Closes the socket without a word (after an error that leaves the session's state unknown).
    private func drop() {
        socket?.close()
        socket = nil
        reader.reset()
        transactionStatus = UInt8(ascii: "I")
    }

    // MARK: - Queries

    /// Runs `statements` in one round trip (one Sync): outside an explicit transaction the server runs them as one
    /// implicit transaction, so they commit together or not at all. Throws the first error; the statements after
    /// it are skipped by the server.
    package func execute(_ statements: [Statement]) throws(PostgresError) -> [Result] {
        try connectIfNeeded()
        var bytes: [UInt8] = []
        for statement in statements {
            bytes += PostgresWire.parse(statement.sql)
            bytes += PostgresWire.bind(statement.parameters)
            bytes += PostgresWire.execute
        }
        bytes += PostgresWire.sync
        return try roundTrip(bytes, expectedResults: statements.count)
    }

    /// One statement; its result.
    package func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> Result {
        try execute([Statement(sql, parameters)])[0]
    }

    /// A simple query: several `;`-separated statements without parameters (DDL in migrations).
    package func simpleQuery(_ sql: String) throws(PostgresError) {
        try connectIfNeeded()
        _ = try roundTrip(PostgresWire.query(sql), expectedResults: nil)
    }

    /// Sends `bytes` and reads until ReadyForQuery. `expectedResults` nil: as many as the server sends.
    private func roundTrip(_ bytes: [UInt8], expectedResults: Int?) throws(PostgresError) -> [Result] {
        guard let socket else { throw .io("not connected") }
        let deadline = MonotonicClock.now().nanoseconds + UInt64(url.queryTimeoutSeconds) * 1_000_000_000
        var results: [Result] = []
        var current = Result()
        var resultBytes = 0
        var failure: PostgresError?
        do throws(PostgresError) {
            try socket.write(bytes, deadline: deadline)
            while true {
                let message = try nextMessage(socket, deadline: deadline)
                switch message.type {
                case UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "n"), UInt8(ascii: "T"), UInt8(ascii: "N"),
                    UInt8(ascii: "A"):
                    break  // ParseComplete, BindComplete, NoData, RowDescription, notices, notifications
                case UInt8(ascii: "D"):
                    // With what each row and value costs in memory beyond its bytes, so a flood of tiny rows
                    // is bounded too.
                    resultBytes += message.body.count + 64
                    guard resultBytes <= Self.maximumResultBytes else {
                        throw PostgresError.protocolViolation("a result over \(Self.maximumResultBytes) bytes")
                    }
                    current.rows.append(try MessageBody.dataRow(message.body))
                case UInt8(ascii: "C"):
                    var body = MessageBody(message.body)
                    let tag = try body.cString()
                    current.affectedRows = tag.split(separator: " ").last.flatMap { Int($0) } ?? 0
                    results.append(current)
                    current = Result()
                case UInt8(ascii: "I"):
                    results.append(current)
                    current = Result()
                case UInt8(ascii: "E"):
                    let error = MessageBody.errorFields(message.body)
                    if failure == nil { failure = .server(error) }
                    // FATAL: the server ends the session (terminated, shutting down); the connection is gone.
                    if error.severity == "FATAL" || error.severity == "PANIC" {
                        throw PostgresError.io("the server ended the session: \(error.message) (\(error.code))")
                    }
                case UInt8(ascii: "S"):
                    try recordParameter(message.body)
                case UInt8(ascii: "Z"):
                    var body = MessageBody(message.body)
                    transactionStatus = try body.bytes(1).first ?? 0
                    if let failure { throw failure }
                    if let expectedResults, results.count != expectedResults {
                        throw PostgresError.protocolViolation("\(results.count) results for \(expectedResults)")
                    }
                    return results
                default:
                    throw PostgresError.protocolViolation(
                        "unexpected message \(Character(Unicode.Scalar(message.type)))")
                }
            }
        } catch {
            if case .server = error {
                throw error
            }
            drop()
            throw error
        }
    }

    /// Keeps a ParameterStatus; a server inventing parameters without end gets a protocol violation instead.
    private func recordParameter(_ bytes: [UInt8]) throws(PostgresError) {
        var body = MessageBody(bytes)
        let name = try body.cString()
        let value = try body.cString()
        guard parameters[name] != nil || parameters.count < Self.maximumParameters else {
            throw .protocolViolation("more than \(Self.maximumParameters) parameters")
        }
        parameters[name] = value
    }

    private func nextMessage(_ socket: PostgresSocket, deadline: UInt64) throws(PostgresError) -> BackendMessage {
        while true {
            if let message = try reader.next() { return message }
            try socket.read(into: &reader, deadline: deadline)
        }
    }

    // MARK: - Login

    /// Answers the server's authentication requests until ReadyForQuery.
    private func authenticate(deadline: UInt64) throws(PostgresError) {
        guard let socket else { throw .io("not connected") }
        var scram: SCRAMClient?
        while true {
            let message = try nextMessage(socket, deadline: deadline)
            var body = MessageBody(message.body)
            switch message.type {
            case UInt8(ascii: "R"):
                let code = try body.int32()
                switch code {
                case 0: break
                case 3:
                    try socket.write(PostgresWire.password(try password()), deadline: deadline)
                case 5:
                    let salt = Array(try body.bytes(4))
                    let response = MD5.passwordResponse(user: url.user, password: try password(), salt: salt)
                    try socket.write(PostgresWire.password(response), deadline: deadline)
                case 10:
                    var mechanisms: [String] = []
                    while !body.isAtEnd, let name = try? body.cString(), !name.isEmpty { mechanisms.append(name) }
                    guard mechanisms.contains("SCRAM-SHA-256") else {
                        throw .authentication("the server offers only \(mechanisms.joined(separator: ", "))")
                    }
                    var client = SCRAMClient(password: try password())
                    let first = client.clientFirstMessage()
                    scram = client
                    try socket.write(
                        PostgresWire.saslInitialResponse(mechanism: "SCRAM-SHA-256", data: first), deadline: deadline)
                case 11:
                    guard var client = scram else { throw .protocolViolation("SASL continue before SASL") }
                    let serverFirst = String(decoding: body.rest, as: UTF8.self)
                    let final: String
                    do { final = try client.clientFinalMessage(serverFirst: serverFirst) } catch {
                        throw .authentication("SCRAM: \(error)")
                    }
                    scram = client
                    try socket.write(PostgresWire.saslResponse(final), deadline: deadline)
                case 12:
                    guard let client = scram else { throw .protocolViolation("SASL final before SASL") }
                    do { try client.verify(serverFinal: String(decoding: body.rest, as: UTF8.self)) } catch {
                        throw .authentication("the server did not prove it knows the password (\(error))")
                    }
                default:
                    throw .authentication("unsupported authentication method \(code)")
                }
            case UInt8(ascii: "K"):
                backendProcessID = try body.int32()
            case UInt8(ascii: "S"):
                try recordParameter(message.body)
            case UInt8(ascii: "N"):
                break
            case UInt8(ascii: "E"):
                let error = MessageBody.errorFields(message.body)
                // 28xxx: invalid authorization; 3D000: no such database. Both are the operator's to fix.
                if error.code.hasPrefix("28") || error.code == "3D000" { throw .authentication(error.message) }
                throw .io("\(error.message) (\(error.code))")
            case UInt8(ascii: "Z"):
                transactionStatus = try body.bytes(1).first ?? 0
                return
            default:
                throw .protocolViolation("unexpected message during login")
            }
        }
    }

    private func password() throws(PostgresError) -> String {
        guard let password = url.password else {
            throw .authentication("the server wants a password: put it in the URL or PGPASSWORD")
        }
        return password
    }
}

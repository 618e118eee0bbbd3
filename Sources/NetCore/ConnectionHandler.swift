/// What runs a protocol over a ``Connection``. Called only on the connection's loop thread.
///
/// A handler may replace itself (HTTP hands the connection to WebSocket after an upgrade) by assigning
/// ``Connection/handler`` and passing on any bytes it did not consume.
package protocol ConnectionHandler: AnyObject {
    /// The connection is registered (and, for outgoing connections, connected).
    func connectionDidOpen(_ connection: Connection)

    /// Bytes arrived. The buffer belongs to the loop and is reused for the next read: copy what must outlive
    /// the call. It is mutable so that codecs can work in place (WebSocket unmasking).
    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer)

    /// The peer shut down its sending side. The default closes the connection.
    func connectionDidReadEOF(_ connection: Connection)

    /// ``Connection/deadline`` passed. Handlers use it for handshake, idle, ping and close timeouts.
    func connectionDeadlineReached(_ connection: Connection)

    /// The output queue emptied, after the handler set ``Connection/notifyWhenDrained``.
    func connectionDidDrain(_ connection: Connection)

    /// The server is stopping: finish politely (WebSocket sends close 1001). The default closes at once.
    func connectionShutdownRequested(_ connection: Connection)

    /// An outgoing connection failed before it opened.
    func connectionDidFail(_ connection: Connection, error: IOError)

    /// The connection is closed and its descriptor released; the last call a handler receives.
    func connectionDidClose(_ connection: Connection)
}

extension ConnectionHandler {
    package func connectionDidReadEOF(_ connection: Connection) { connection.close() }
    package func connectionDeadlineReached(_ connection: Connection) { connection.close() }
    package func connectionShutdownRequested(_ connection: Connection) { connection.close() }
    package func connectionDidDrain(_ connection: Connection) {}
    package func connectionDidFail(_ connection: Connection, error: IOError) {}
    package func connectionDidClose(_ connection: Connection) {}
}

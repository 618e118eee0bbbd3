import Glibc
import NetCore
import Testing

struct SocketAddressTests {
    /// A path longer than `sun_path` would be cut and bound or connected elsewhere; both refuse it instead.
    @Test func refusesUnixPathsTheKernelWouldCut() {
        let long = "/tmp/" + String(repeating: "x", count: SocketAddress.maxUnixPathBytes)
        #expect(throws: IOError.self) { try Socket.listen(on: .unix(path: long)) }
        do {
            _ = try BlockingSocket(connectingTo: .unix(path: long))
            Issue.record("connected to a cut path")
        } catch {
            #expect(error.errnoCode == ENAMETOOLONG)
        }
        #expect(throws: Never.self) { try SocketAddress.unix(path: "/tmp/wirequest.sock").validate() }
    }
}

// libFuzzer harness for the decoder of BrowserQuest client messages, which reads every text message a player sends
// (built and run by .ci/fuzz.sh, not by SwiftPM).
//
// Input: one message's bytes. The decoder is reused, as on a connection, so a refused message must leave it able to
// decode the next valid one; a decoded WHO holds as many ids as it says.
import GameProtocol

/// One decoder for the whole run, like a connection's: libFuzzer calls the harness from one thread only.
nonisolated(unsafe) private var decoder = ClientMessageDecoder()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClientMessage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    switch decoder.decode(input) {
    case .success(.who(let count)):
        precondition(decoder.whoIDs.count == count && count <= decoder.limits.maxWhoIDs, "WHO's ids miscounted")
    case .success(.hello(let name, _, _)), .success(.chat(let name)):
        precondition(name.utf8.count <= decoder.limits.maxStringBytes, "a string over the limit")
    case .success, .failure:
        break
    }
    let move: [UInt8] = Array("[4,1,2]".utf8)
    let next = move.withUnsafeBytes { decoder.decode($0) }
    precondition(next == .success(.move(x: 1, y: 2)), "a refused message broke the decoder")
    return 0
}

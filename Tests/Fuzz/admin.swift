// libFuzzer harness for the admin console's input: the line buffer of the admin socket, the request line, the
// tokenizer and the command grammar, and the client's response parser (built and run by .ci/fuzz.sh, not by
// SwiftPM).
//
// Input: the bytes an admin client sent. They are cut into lines as the socket does, in two reads; each line is
// parsed as a command. The same bytes are also read as a server's responses, as `wirequest admin` does.
import Admin

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmin(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let split = size / 2
    var lines = AdminLineBuffer(limit: 512)
    let items = lines.feed(input[..<split]) + lines.feed(input[split...])
    for item in items {
        guard case .line(let line) = item else { continue }
        precondition(line.utf8.count <= 512 * 3, "a line over the limit")  // invalid UTF-8 widens to U+FFFD
        let request = AdminRequestLine(line)
        if let command = try? AdminCommand.parse(request.command) {
            _ = command.isAction
        }
        _ = AdminCommand.withAbsolutePaths(request.command, workingDirectory: "/srv/wirequest")
    }
    // Also the whole input as one line, as the console's line editor hands it over.
    _ = try? AdminCommand.parse(String(decoding: input, as: UTF8.self))

    var responses = AdminResponseParser()
    responses.feed(input)
    while let response = try? responses.next() {
        precondition(response.body.utf8.count <= size * 3, "a body longer than the input")
    }
    return 0
}

// libFuzzer harness for Support's RFC 8259 JSON parser, which reads configuration and map files (built and run by
// .ci/fuzz.sh, not by SwiftPM).
//
// Input: the document. Besides not crashing (the nesting limit bounds the recursion), whatever parses must survive
// a round trip through JSONWriter: written out and parsed again, it is the same value.
import Support

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard let value = try? JSONParser.parse(input) else { return 0 }
    var written: [UInt8] = []
    JSONWriter.write(value, into: &written)
    guard let again = try? JSONParser.parse(written) else { preconditionFailure("JSONWriter wrote invalid JSON") }
    precondition(again == value, "the value changed in a round trip through JSONWriter")
    // A shallow limit refuses deep documents rather than recursing.
    _ = try? JSONParser.parse(input, maxDepth: 2)
    return 0
}

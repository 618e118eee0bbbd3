// libFuzzer harness for permessage-deflate's inflater (RFC 7692 §7.2.2) on the system zlib (built and run by
// .ci/fuzz.sh, not by SwiftPM).
//
// Input: one control byte (the size limit, a window size), then a compressed message's payload as it arrives,
// without the `00 00 ff ff` tail. Whatever inflates stays within the limit and, compressed again, inflates back.
import WebSocket

/// One codec for the whole run, as there is one per event-loop thread: libFuzzer calls from one thread only.
nonisolated(unsafe) private let codec = PerMessageDeflateCodec()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInflate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let limit = data[0] & 1 == 0 ? 64 * 1024 : 100
    let input = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    switch codec.inflate(input, limit: limit) {
    case .message(let bytes):
        precondition(bytes.count <= limit, "inflated past the limit")
        let message = Array(bytes)
        guard let compressed = message.withUnsafeBytes({ codec.compress($0, windowBits: 9 + Int(data[0] >> 2) % 7) })
        else { preconditionFailure("zlib could not compress") }
        let again = Array(compressed).withUnsafeBytes { codec.inflate($0, limit: limit) }
        guard case .message(let roundTrip) = again, roundTrip.elementsEqual(message) else {
            preconditionFailure("a compressed message did not inflate back")
        }
    case .tooBig, .corrupt:
        break
    case .unavailable:
        preconditionFailure("zlib could not be set up")
    }
    return 0
}

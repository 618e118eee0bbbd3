import GameProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Decodes `text` with a fresh decoder.
func decode(_ text: String, limits: ClientMessageDecoder.Limits = .init()) -> Result<ClientMessage, ProtocolError> {
    var decoder = ClientMessageDecoder(limits: limits)
    return decode(Array(text.utf8), with: &decoder)
}

/// Decodes `bytes` with `decoder`.
func decode(_ bytes: [UInt8], with decoder: inout ClientMessageDecoder) -> Result<ClientMessage, ProtocolError> {
    bytes.withUnsafeBytes { decoder.decode($0) }
}

/// The error a decode failed with, or `nil` if it succeeded.
func decodeError(_ text: String, limits: ClientMessageDecoder.Limits = .init()) -> ProtocolError? {
    if case .failure(let error) = decode(text, limits: limits) { return error }
    return nil
}

/// `message` encoded on its own, as text.
func encoded(_ message: ServerMessage) -> String {
    var out: [UInt8] = []
    message.encode(into: &out)
    return String(decoding: out, as: UTF8.self)
}

/// `json` with JSON whitespace around every bracket and comma outside strings.
func spaced(_ json: String) -> String {
    var result = " \t"
    var inString = false
    var escaped = false
    for character in json {
        if inString {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                inString = false
            }
            result.append(character)
        } else if character == "\"" {
            inString = true
            result.append(character)
        } else if character == "[" || character == "]" || character == "," {
            result += "\r\n " + String(character) + " \t\n"
        } else {
            result.append(character)
        }
    }
    return result + "\n"
}

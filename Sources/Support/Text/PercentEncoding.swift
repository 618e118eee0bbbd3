/// `%XX` escapes (RFC 3986 §2.1), as URLs carry user names, passwords and paths, and as the cluster's records carry
/// addresses.
package enum PercentEncoding {
    /// `text` with every `%XX` replaced by its byte, read as UTF-8; nil for a malformed escape or bytes that are not
    /// UTF-8.
    package static func decode(_ text: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Hex.value), let low = iterator.next().flatMap(Hex.value) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

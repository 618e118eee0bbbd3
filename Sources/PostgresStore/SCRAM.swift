import Support

/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding, as PostgreSQL uses it: sans-IO,
/// so the exchange is tested against RFC 7677's vector. PostgreSQL ignores the SCRAM user name (it has the
/// start-up message's), so ours sends an empty one; the password is used as UTF-8 without SASLprep, which is the
/// identity for ASCII passwords.
struct SCRAMClient {
    enum Failure: Error, Equatable {
        case malformed(String)
        case badServerSignature
    }

    let user: String
    let password: String
    let clientNonce: String
    private var clientFirstBare = ""
    private var expectedServerSignature: [UInt8] = []

    /// Above this PBKDF2 costs the client seconds: a hostile server could stall the storage thread with it.
    static let maximumIterations = 1_000_000

    init(user: String = "", password: String, clientNonce: String? = nil) {
        self.user = user
        self.password = password
        self.clientNonce = clientNonce ?? Base64.encode(SecureRandom.bytes(18))
    }

    /// `n,,n=USER,r=NONCE`: the SASLInitialResponse's data.
    mutating func clientFirstMessage() -> String {
        let escaped = user.replacing("=", with: "=3D").replacing(",", with: "=2C")
        clientFirstBare = "n=\(escaped),r=\(clientNonce)"
        return "n,," + clientFirstBare
    }

    /// The answer to the server's first message (`r=...,s=...,i=...`): `c=biws,r=...,p=PROOF`.
    mutating func clientFinalMessage(serverFirst: String) throws(Failure) -> String {
        let fields = Self.fields(serverFirst)
        guard let nonce = fields["r"], nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else {
            throw .malformed("the server's nonce does not extend ours")
        }
        guard let saltText = fields["s"], let salt = Base64.decode(saltText), !salt.isEmpty else {
            throw .malformed("no salt")
        }
        guard let iterationText = fields["i"], let iterations = Int(iterationText),
            (1...Self.maximumIterations).contains(iterations)
        else { throw .malformed("bad iteration count") }
        let salted = PBKDF2.deriveKey(
            password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
        let clientKey = HMACSHA256(key: salted).authenticationCode(for: Array("Client Key".utf8))
        let storedKey = SHA256.hash(clientKey)
        let withoutProof = "c=biws,r=\(nonce)"
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientSignature = HMACSHA256(key: storedKey).authenticationCode(for: authMessage)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverKey = HMACSHA256(key: salted).authenticationCode(for: Array("Server Key".utf8))
        expectedServerSignature = HMACSHA256(key: serverKey).authenticationCode(for: authMessage)
        return withoutProof + ",p=" + Base64.encode(proof)
    }

    /// Checks the server's final message (`v=SIGNATURE`): proof that the server knew the password too.
    func verify(serverFinal: String) throws(Failure) {
        let fields = Self.fields(serverFinal)
        if let error = fields["e"] { throw .malformed("the server refused: \(error)") }
        guard let text = fields["v"], let signature = Base64.decode(text) else { throw .malformed("no verifier") }
        guard !expectedServerSignature.isEmpty, constantTimeEquals(signature, expectedServerSignature) else {
            throw .badServerSignature
        }
    }

    /// `a=1,b=2` → [a: 1, b: 2]; the first of a repeated attribute wins.
    private static func fields(_ message: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in message.split(separator: ",") {
            guard let equals = part.firstIndex(of: "="), part.distance(from: part.startIndex, to: equals) == 1 else {
                continue
            }
            let key = String(part[..<equals])
            if fields[key] == nil { fields[key] = String(part[part.index(after: equals)...]) }
        }
        return fields
    }
}

/// Base64 with padding (RFC 4648 §4), for SCRAM's salts, nonces and proofs.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not padded base64.
    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < chars.count {
            var values: [UInt8] = []
            var padding = 0
            for offset in 0..<4 {
                let char = chars[index + offset]
                if char == UInt8(ascii: "=") {
                    guard index + 4 == chars.count, offset >= 2 else { return nil }
                    padding += 1
                    values.append(0)
                } else {
                    guard padding == 0, let value = alphabet.firstIndex(of: char) else { return nil }
                    values.append(UInt8(value))
                }
            }
            out.append(values[0] << 2 | values[1] >> 4)
            if padding < 2 { out.append(values[1] << 4 | values[2] >> 2) }
            if padding < 1 { out.append(values[2] << 6 | values[3]) }
            index += 4
        }
        return out
    }
}

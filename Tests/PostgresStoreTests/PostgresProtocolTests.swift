import Support
import Testing

@testable import PostgresStore

/// The wire protocol's pieces against published vectors and hand-assembled bytes, without a server.
@Suite struct PostgresProtocolTests {
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"
        ),
    ])
    func md5MatchesRFC1321(message: String, digest: String) {
        #expect(Hex.encode(MD5.hash(Array(message.utf8))) == digest)
    }

    @Test func md5PasswordResponseIsPostgresFormat() {
        // md5(hex(md5("pencil" + "user")) + salt), computed independently (Python's hashlib).
        #expect(
            MD5.passwordResponse(user: "user", password: "pencil", salt: [1, 2, 3, 4])
                == "md54376eb6913b38f9aaff38dc7cf19ca76")
    }

    /// RFC 7677 §3: user "user", password "pencil".
    @Test func scramMatchesRFC7677() throws {
        var client = SCRAMClient(user: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(client.clientFirstMessage() == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        #expect(
            try client.clientFinalMessage(serverFirst: serverFirst)
                == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try client.verify(serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        #expect(throws: SCRAMClient.Failure.badServerSignature) {
            try client.verify(serverFinal: "v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        }
    }

    @Test func scramRefusesAServerThatDoesNotExtendTheNonceOrAsksTooMuchWork() {
        var client = SCRAMClient(password: "pencil", clientNonce: "abc")
        _ = client.clientFirstMessage()
        #expect(throws: SCRAMClient.Failure.self) { try client.clientFinalMessage(serverFirst: "r=xyz1,s=QUJD,i=4096") }
        #expect(throws: SCRAMClient.Failure.self) {
            try client.clientFinalMessage(serverFirst: "r=abc1,s=QUJD,i=999999999")
        }
        #expect(throws: SCRAMClient.Failure.self) { try client.clientFinalMessage(serverFirst: "r=abc1,s=!!,i=1") }
        // No proof was computed, so there is nothing a server signature could match.
        #expect(throws: SCRAMClient.Failure.badServerSignature) { try client.verify(serverFinal: "v=QUJD") }
    }

    @Test func base64RoundTripsAndRejectsGarbage() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm9") == nil)
        #expect(Base64.decode("Z=9v") == nil)
        #expect(Base64.decode("Zm9*") == nil)
    }

    @Test func theStartupMessageIsProtocol3WithNameValuePairs() {
        let bytes = PostgresWire.startup([("user", "user"), ("database", "db")])
        let expected: [UInt8] =
            [0, 0, 0, 31, 0, 3, 0, 0] + Array("user\0user\0database\0db\0\0".utf8)
        #expect(bytes == expected)
    }

    @Test func bindCarriesTextParametersAndNulls() {
        let bytes = PostgresWire.bind(["42", nil])
        let body: [UInt8] = [0, 0, 0, 0, 0, 2, 0, 0, 0, 2] + Array("42".utf8) + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0]
        #expect(bytes == [UInt8(ascii: "B"), 0, 0, 0, UInt8(body.count + 4)] + body)
        #expect(PostgresWire.sync == [UInt8(ascii: "S"), 0, 0, 0, 4])
    }

    @Test func theReaderReassemblesSplitMessagesAndRefusesHugeOnes() throws {
        var reader = BackendMessageReader()
        let message: [UInt8] = [UInt8(ascii: "Z"), 0, 0, 0, 5, UInt8(ascii: "I")]
        message[..<3].withUnsafeBytes { reader.append($0) }
        #expect(try reader.next() == nil)
        message[3...].withUnsafeBytes { reader.append($0) }
        #expect(try reader.next() == BackendMessage(type: UInt8(ascii: "Z"), body: [UInt8(ascii: "I")]))
        #expect(try reader.next() == nil)
        // A length of 1 GiB is refused from its header, before anything is allocated for it.
        let huge: [UInt8] = [UInt8(ascii: "D"), 0x40, 0, 0, 0]
        huge.withUnsafeBytes { reader.append($0) }
        #expect(throws: PostgresError.self) { try reader.next() }
        var short = BackendMessageReader()
        let tooShort: [UInt8] = [UInt8(ascii: "D"), 0, 0, 0, 3]
        tooShort.withUnsafeBytes { short.append($0) }
        #expect(throws: PostgresError.self) { try short.next() }
    }

    @Test func dataRowsAndErrorsAreReadDefensively() throws {
        let row: [UInt8] = [0, 2, 0, 0, 0, 2] + Array("hi".utf8) + [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(try MessageBody.dataRow(row) == ["hi", nil])
        // A column claiming more bytes than the message holds.
        #expect(throws: PostgresError.self) { try MessageBody.dataRow([0, 1, 0, 0, 0, 9, 1]) }
        let error = MessageBody.errorFields(
            Array("SERROR\0VERROR\0C23505\0Mduplicate key\0ncharacters_name_key_key\0\0".utf8))
        #expect(error.code == "23505" && error.message == "duplicate key" && error.severity == "ERROR")
        #expect(error.constraint == "characters_name_key_key")
        // Truncated fields do not trap.
        #expect(MessageBody.errorFields(Array("C235".utf8)).code == "XX000")
    }
}

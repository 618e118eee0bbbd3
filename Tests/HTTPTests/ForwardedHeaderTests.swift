import HTTP
import Testing

struct ForwardedHeaderTests {
    @Test func readsXForwardedForLinesAsOneList() {
        let headers = HTTPHeaders([
            ("X-Forwarded-For", "203.0.113.7 , 2001:db8::1"), ("Host", "x"), ("x-forwarded-for", "10.0.0.2"),
        ])
        #expect(ForwardedHeader.xForwardedFor.nodes(in: headers) == ["203.0.113.7", "2001:db8::1", "10.0.0.2"])
        #expect(ForwardedHeader.none.nodes(in: headers).isEmpty)
        #expect(ForwardedHeader.forwarded.nodes(in: headers).isEmpty)
    }

    /// RFC 7239 §4 and §7.4's examples.
    @Test func readsForwardedElements() {
        let headers = HTTPHeaders([
            ("Forwarded", #"for="_gazonk""#),
            ("Forwarded", #"For="[2001:db8:cafe::17]:4711""#),
            ("Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"),
            ("Forwarded", "for=192.0.2.43, for=198.51.100.17"),
            ("Forwarded", #"proto=https;by="[::1]", for=unknown"#),
            ("Forwarded", #"by=1.1.1.1;FOR = "a\"b;,c" ; host=x"#),
        ])
        #expect(
            ForwardedHeader.forwarded.nodes(in: headers) == [
                "_gazonk", "[2001:db8:cafe::17]:4711", "192.0.2.60", "192.0.2.43", "198.51.100.17", "unknown",
                "unknown", #"a"b;,c"#,
            ])
        #expect(ForwardedHeader.xForwardedFor.nodes(in: headers).isEmpty)
    }

    @Test func namesHeadersAsTheCommandLineDoes() {
        #expect(ForwardedHeader(rawValue: "x-forwarded-for") == .xForwardedFor)
        #expect(ForwardedHeader(rawValue: "forwarded") == .forwarded)
        #expect(ForwardedHeader(rawValue: "none") == ForwardedHeader.none)
    }
}

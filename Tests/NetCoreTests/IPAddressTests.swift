import NetCore
import Testing

struct IPAddressTests {
    @Test func parsesAndPrintsBothFamilies() throws {
        #expect(IPAddress("192.0.2.1")?.description == "192.0.2.1")
        #expect(IPAddress("192.0.2.1")?.v4Bits == 0xC000_0201)
        #expect(IPAddress("2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(IPAddress("::1")?.isV4 == false)
        // v4-mapped IPv6 is the IPv4 address: same bans, same text.
        #expect(IPAddress("::ffff:1.2.3.4") == IPAddress("1.2.3.4"))
        #expect(IPAddress("::ffff:1.2.3.4")?.description == "1.2.3.4")
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4:80", "[::1]", "::1%eth0", "host", "1:2",
    ])
    func refusesWhatIsNotANumericAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func readsSocketAddresses() throws {
        #expect(IPAddress(try SocketAddress(host: "10.1.2.3", port: 80)) == IPAddress("10.1.2.3"))
        #expect(IPAddress(try SocketAddress(host: "::ffff:10.1.2.3", port: 80)) == IPAddress("10.1.2.3"))
        #expect(IPAddress(try SocketAddress(host: "2001:db8::7", port: 80)) == IPAddress("2001:db8::7"))
        #expect(IPAddress(SocketAddress.unix(path: "/tmp/x")) == nil)
    }

    @Test func matchesIPv4Blocks() throws {
        let block = try #require(CIDR("10.0.0.0/8"))
        #expect(block.contains(try #require(IPAddress("10.255.1.2"))))
        #expect(!block.contains(try #require(IPAddress("11.0.0.1"))))
        // A dual-stack listener reports IPv4 clients v4-mapped: they are still in the IPv4 block.
        #expect(block.contains(try #require(IPAddress("::ffff:10.9.9.9"))))
        #expect(!block.contains(try #require(IPAddress("::a00:1"))))  // IPv4-compatible, not mapped: not IPv4
        #expect(block.description == "10.0.0.0/8")
        let odd = try #require(CIDR("192.168.1.77/25"))
        #expect(odd.description == "192.168.1.0/25")
        #expect(odd.contains(try #require(IPAddress("192.168.1.127"))))
        #expect(!odd.contains(try #require(IPAddress("192.168.1.128"))))
        let all = try #require(CIDR("0.0.0.0/0"))
        #expect(all.contains(try #require(IPAddress("255.255.255.255"))))
        #expect(!all.contains(try #require(IPAddress("2001:db8::1"))))  // every IPv4 address, no IPv6 one
    }

    @Test func matchesIPv6BlocksAndBareAddresses() throws {
        let block = try #require(CIDR("2001:db8::/32"))
        #expect(block.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!block.contains(try #require(IPAddress("2001:db9::1"))))
        let wide = try #require(CIDR("2001:db8:8000::/33"))
        #expect(wide.contains(try #require(IPAddress("2001:db8:8000::1"))))
        #expect(!wide.contains(try #require(IPAddress("2001:db8:7fff::1"))))
        let deep = try #require(CIDR("2001:db8::1:0/112"))
        #expect(deep.contains(try #require(IPAddress("2001:db8::1:ffff"))))
        #expect(!deep.contains(try #require(IPAddress("2001:db8::2:0"))))
        let one = try #require(CIDR("127.0.0.1"))
        #expect(one.contains(try #require(IPAddress("127.0.0.1"))))
        #expect(!one.contains(try #require(IPAddress("127.0.0.2"))))
        let loopback6 = try #require(CIDR("::1"))
        #expect(loopback6.contains(try #require(IPAddress("::1"))))
        #expect(!loopback6.contains(try #require(IPAddress("::2"))))
        let mapped = try #require(CIDR("::ffff:10.0.0.0/104"))
        #expect(mapped.contains(try #require(IPAddress("10.1.1.1"))))
        #expect(try #require(CIDR("::/0")).contains(try #require(IPAddress("8.8.8.8"))))
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "/8", "10.0.0.0/ 8", "x/8"])
    func refusesBadBlocks(text: String) {
        #expect(CIDR(text) == nil)
    }
}

import Testing

@testable import HTTP

struct HTTPDateTests {
    @Test func formatsIMFFixdate() {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 4_102_444_799) == "Thu, 31 Dec 2099 23:59:59 GMT")
        #expect(HTTPDate.format(secondsSince1970: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func parsesAllThreeFormats(_ text: String) {
        #expect(HTTPDate.parse(text) == 784_111_777)
    }

    @Test func asctimeWithTwoDigitDay() {
        #expect(HTTPDate.parse("Thu Nov 24 08:49:37 1994") == 784_111_777 + 18 * 86_400)
    }

    @Test func rfc850YearsFollowTheFiftyYearRule() {
        let year2025 = 1_735_689_600  // 2025-01-01
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: year2025) == 784_111_777)
        #expect(HTTPDate.parse("Thursday, 01-Jan-70 00:00:00 GMT", now: year2025) == 3_155_760_000)
        #expect(HTTPDate.parse("Thursday, 01-Jan-70 00:00:00 GMT") == 0)
        #expect(HTTPDate.parse("Saturday, 01-Jan-00 00:00:00 GMT") == 946_684_800)
    }

    @Test func roundTrips() {
        for seconds in stride(from: -86_400 * 800, through: 4_102_444_799, by: 7_654_321) {
            #expect(HTTPDate.parse(HTTPDate.format(secondsSince1970: seconds)) == seconds)
        }
    }

    @Test(arguments: [
        "", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 00:00:00 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
        "Funday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ", "784111777",
    ])
    func rejectsInvalidDates(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}

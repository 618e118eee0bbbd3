import Support
import Testing

struct UTCTimeTests {
    @Test(arguments: [
        (0, "1970-01-01T00:00:00.000Z", 4),
        (784_111_777, "1994-11-06T08:49:37.000Z", 0),  // RFC 9110 §5.6.7's example: a Sunday
        (951_782_400, "2000-02-29T00:00:00.000Z", 2),
        (-1, "1969-12-31T23:59:59.000Z", 3),
        (253_402_300_799, "9999-12-31T23:59:59.000Z", 5),
        (-62_135_596_800, "0001-01-01T00:00:00.000Z", 1),
    ])
    func convertsSecondsToTheCalendar(seconds: Int, iso8601: String, weekday: Int) {
        let time = UTCTime(secondsSince1970: seconds)
        #expect(time.iso8601 == iso8601)
        #expect(time.weekday == weekday)
        #expect(time.secondsSince1970 == seconds)
    }

    @Test func writesMillisecondsAndTheReadableForm() {
        let time = UTCTime(secondsSince1970: 1_763_715_948, millisecond: 7)
        #expect(time.iso8601 == "2025-11-21T09:05:48.007Z")
        #expect(time.dateAndTime == "2025-11-21 09:05:48Z")
    }

    @Test func roundTripsThroughTheCalendarFields() {
        for seconds in stride(from: -86_400 * 800, through: 4_102_444_799, by: 7_654_321) {
            let time = UTCTime(secondsSince1970: seconds)
            let again = UTCTime(
                year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute,
                second: time.second)
            #expect(again == time)
            #expect(again?.secondsSince1970 == seconds)
        }
    }

    @Test func refusesDatesThatDoNotExist() {
        #expect(UTCTime(year: 1900, month: 2, day: 29, hour: 0, minute: 0, second: 0) == nil)
        #expect(UTCTime(year: 2000, month: 2, day: 29, hour: 0, minute: 0, second: 0) != nil)
        #expect(UTCTime(year: 1994, month: 11, day: 31, hour: 0, minute: 0, second: 0) == nil)
        #expect(UTCTime(year: 1994, month: 13, day: 1, hour: 0, minute: 0, second: 0) == nil)
        #expect(UTCTime(year: 1994, month: 11, day: 6, hour: 24, minute: 0, second: 0) == nil)
        #expect(UTCTime(year: 1994, month: 11, day: 6, hour: 23, minute: 60, second: 0) == nil)
        // A leap second counts as the first second of the next minute.
        let leap = UTCTime(year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60)
        #expect(leap?.secondsSince1970 == 1_483_228_800)
    }

    @Test func nowIsAfterThisCodeWasWritten() {
        #expect(UTCTime.now().year >= 2026)
    }

    @Test func padsIntegers() {
        #expect(String(7, zeroPaddedTo: 2) == "07")
        #expect(String(123, zeroPaddedTo: 2) == "123")
        #expect(String(0, zeroPaddedTo: 3) == "000")
    }
}

import Support

/// HTTP-date formatting and parsing (RFC 9110 §5.6.7), on ``UTCTime``'s calendar arithmetic.
package enum HTTPDate {
    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// IMF-fixdate for a Unix time: `Sun, 06 Nov 1994 08:49:37 GMT`.
    package static func format(secondsSince1970 seconds: Int) -> String {
        let t = UTCTime(secondsSince1970: seconds)
        return dayNames[t.weekday] + ", " + String(t.day, zeroPaddedTo: 2) + " " + monthNames[t.month - 1] + " "
            + String(t.year, zeroPaddedTo: 4) + " " + t.time + " GMT"
    }

    /// The Unix time of an HTTP-date in any of the three formats RFC 9110 §5.6.7 says recipients MUST accept:
    /// IMF-fixdate, obsolete RFC 850 and asctime. Nil when `s` is none of them.
    ///
    /// RFC 850 dates have two-digit years; RFC 9110 §5.6.7 maps one that looks more than 50 years in the future
    /// into the past, which needs the current time. Without `now` the year is 19yy from 70 and 20yy below.
    package static func parse(_ s: some StringProtocol, now: Int? = nil) -> Int? {
        let b = Array(s.utf8)
        if b.count == 29, b[3] == UInt8(ascii: ",") { return parseIMFFixdate(b) }
        if b.count == 24, b[3] == HTTPASCII.sp { return parseAsctime(b) }
        if let comma = b.firstIndex(of: UInt8(ascii: ",")) { return parseRFC850(b, comma: comma, now: now) }
        return nil
    }

    // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year.
    private static func parseIMFFixdate(_ b: [UInt8]) -> Int? {
        guard dayNames.firstIndex(where: { b[0..<3].elementsEqual($0.utf8) }) != nil,
            b[4] == HTTPASCII.sp, b[7] == HTTPASCII.sp, b[11] == HTTPASCII.sp, b[16] == HTTPASCII.sp,
            b[25] == HTTPASCII.sp, b[26...].elementsEqual("GMT".utf8),
            let day = number(b[5..<7]), let month = month(b[8..<11]), let year = number(b[12..<16])
        else { return nil }
        return timestamp(year: year, month: month, day: day, time: b[17..<25])
    }

    // rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = day "-" month "-" 2DIGIT.
    private static func parseRFC850(_ b: [UInt8], comma: Int, now: Int?) -> Int? {
        guard longDayNames.firstIndex(where: { b[..<comma].elementsEqual($0.utf8) }) != nil,
            b.count == comma + 24, b[comma + 1] == HTTPASCII.sp
        else { return nil }
        let d = Array(b[(comma + 2)...])  // "06-Nov-94 08:49:37 GMT"
        guard d[2] == UInt8(ascii: "-"), d[6] == UInt8(ascii: "-"), d[9] == HTTPASCII.sp,
            d[18] == HTTPASCII.sp, d[19...].elementsEqual("GMT".utf8),
            let day = number(d[0..<2]), let month = month(d[3..<6]), let twoDigitYear = number(d[7..<9])
        else { return nil }
        var year: Int
        if let now {
            let currentYear = UTCTime(secondsSince1970: now).year
            year = currentYear - currentYear % 100 + twoDigitYear
            if year > currentYear + 50 { year -= 100 }
        } else {
            year = twoDigitYear >= 70 ? 1900 + twoDigitYear : 2000 + twoDigitYear
        }
        return timestamp(year: year, month: month, day: day, time: d[10..<18])
    }

    // asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP DIGIT ) ).
    private static func parseAsctime(_ b: [UInt8]) -> Int? {
        guard dayNames.firstIndex(where: { b[0..<3].elementsEqual($0.utf8) }) != nil,
            b[7] == HTTPASCII.sp, b[10] == HTTPASCII.sp, b[19] == HTTPASCII.sp,
            let month = month(b[4..<7]), let year = number(b[20..<24])
        else { return nil }
        let day = b[8] == HTTPASCII.sp ? number(b[9..<10]) : number(b[8..<10])
        guard let day else { return nil }
        return timestamp(year: year, month: month, day: day, time: b[11..<19])
    }

    /// Validates the fields and `hh:mm:ss` and converts to Unix time.
    private static func timestamp(year: Int, month: Int, day: Int, time t: ArraySlice<UInt8>) -> Int? {
        let s = t.startIndex
        guard t.count == 8, t[s + 2] == HTTPASCII.colon, t[s + 5] == HTTPASCII.colon,
            let hour = number(t[s..<(s + 2)]), let minute = number(t[(s + 3)..<(s + 5)]),
            let second = number(t[(s + 6)..<(s + 8)]),
            // RFC 9110 §5.6.7 allows a leap second, as UTCTime does.
            let time = UTCTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        return time.secondsSince1970
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? { HTTPASCII.parseDecimal(bytes) }

    private static func month(_ bytes: ArraySlice<UInt8>) -> Int? {
        monthNames.firstIndex { bytes.elementsEqual($0.utf8) }.map { $0 + 1 }
    }
}

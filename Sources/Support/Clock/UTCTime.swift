import Glibc

/// A moment on the UTC calendar (proleptic Gregorian), to the millisecond. The project's one conversion between
/// seconds since 1970 and calendar dates, done by arithmetic rather than the C library's time zones: log lines, the
/// admin console and HTTP dates are all written from it.
package struct UTCTime: Sendable, Equatable {
    package var year: Int
    /// 1…12.
    package var month: Int
    /// 1…31.
    package var day: Int
    package var hour: Int
    package var minute: Int
    /// 0…59, or 60 for a leap second given to ``init(year:month:day:hour:minute:second:)``.
    package var second: Int
    package var millisecond: Int
    /// 0 for Sunday … 6 for Saturday.
    package var weekday: Int

    /// The calendar date and time of `seconds` after 1970-01-01T00:00:00Z (negative: before it).
    package init(secondsSince1970 seconds: Int, millisecond: Int = 0) {
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        self.millisecond = millisecond
        // 1970-01-01 was a Thursday.
        weekday = Self.floorDivide(days + 4, 7).remainder
    }

    /// A validated calendar time; nil for a date that does not exist (31 November, 29 February 1900) or a time out
    /// of range. A second of 60 (a leap second, which HTTP dates may carry) is accepted.
    package init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month),
            (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = Self.days(fromCivilYear: year, month: month, day: day)
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        millisecond = 0
        weekday = Self.floorDivide(days + 4, 7).remainder
    }

    /// The wall clock now (CLOCK_REALTIME): for what people read, never for measuring time.
    package static func now() -> UTCTime {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UTCTime(secondsSince1970: now.tv_sec, millisecond: now.tv_nsec / 1_000_000)
    }

    /// Seconds since 1970-01-01T00:00:00Z (a leap second counts as the first second of the next minute).
    package var secondsSince1970: Int {
        Self.days(fromCivilYear: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// ISO 8601 with milliseconds, as log lines carry it: `2026-11-21T06:40:00.123Z`.
    package var iso8601: String {
        "\(date)T\(time).\(String(millisecond, zeroPaddedTo: 3))Z"
    }

    /// Date and time to the second, for people: `2026-11-21 09:05:48Z`.
    package var dateAndTime: String {
        "\(date) \(time)Z"
    }

    /// `2026-11-21`.
    package var date: String {
        String(year, zeroPaddedTo: 4) + "-" + String(month, zeroPaddedTo: 2) + "-" + String(day, zeroPaddedTo: 2)
    }

    /// `09:05:48`.
    package var time: String {
        String(hour, zeroPaddedTo: 2) + ":" + String(minute, zeroPaddedTo: 2) + ":" + String(second, zeroPaddedTo: 2)
    }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: - Calendar arithmetic

    private static func floorDivide(_ a: Int, _ b: Int) -> (quotient: Int, remainder: Int) {
        let q = a / b - (a % b < 0 ? 1 : 0)
        return (q, a - q * b)
    }

    // Howard Hinnant's days_from_civil / civil_from_days: proleptic Gregorian, exact for any Int year.
    private static func days(fromCivilYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension String {
    /// `value` in decimal, zero-padded to at least `width` digits: `String(7, zeroPaddedTo: 2)` is `"07"`.
    package init(_ value: Int, zeroPaddedTo width: Int) {
        let digits = String(value)
        self = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

import Glibc

/// This process's CPU time, resident memory, threads and open files, read from `/proc` (Linux), for `/metrics` and
/// the admin console's `status`.
package struct ProcessStatistics: Sendable, Equatable {
    /// User plus system CPU time since the process started.
    package var cpuSeconds: Double
    package var residentBytes: Int
    package var threads: Int
    package var openFiles: Int

    package init(cpuSeconds: Double, residentBytes: Int, threads: Int, openFiles: Int) {
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
        self.threads = threads
        self.openFiles = openFiles
    }

    /// The current process's numbers, or nil where `/proc` is not mounted.
    package static func current() -> ProcessStatistics? {
        guard let stat = try? readFile("/proc/self/stat", limit: 4096),
            var statistics = parse(
                stat: stat, ticksPerSecond: Int(sysconf(Int32(_SC_CLK_TCK))),
                pageSize: Int(sysconf(Int32(_SC_PAGESIZE))))
        else { return nil }
        statistics.openFiles = countOpenFiles()
        return statistics
    }

    /// Parses `/proc/PID/stat` (proc(5)): utime and stime are fields 14 and 15, num_threads 20, rss (pages) 24.
    /// The command name, field 2, may hold spaces and parentheses, so fields are counted after its last ')'.
    package static func parse(stat: [UInt8], ticksPerSecond: Int, pageSize: Int) -> ProcessStatistics? {
        guard let close = stat.lastIndex(of: UInt8(ascii: ")")), ticksPerSecond > 0 else { return nil }
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        func field(_ n: Int) -> Int? {
            guard n - 3 < fields.count else { return nil }
            return Int(String(decoding: fields[n - 3], as: UTF8.self))
        }
        guard let user = field(14), let system = field(15), let threads = field(20), let pages = field(24) else {
            return nil
        }
        return ProcessStatistics(
            cpuSeconds: Double(user + system) / Double(ticksPerSecond), residentBytes: pages * pageSize,
            threads: threads, openFiles: 0)
    }

    private static func countOpenFiles() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            if entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
        }
        // The directory stream's own descriptor is listed too.
        return max(0, count - 1)
    }
}

import Synchronization

/// The gzip versions of static files, compressed once per file version and kept within a byte budget.
///
/// Keyed by the file's path, size and modification time, so an edited file is compressed again on its next request.
/// Compression runs on the thread that first asks (a loop, once per file version: `Maps/world.tmj`, 816 KB, takes
/// about 40 ms); concurrent first requests for one file may both compress it, which is harmless.
package final class GzipCache: Sendable {
    /// One file version's gzip body, or nil when gzip did not make it smaller.
    private struct Entry {
        var size: Int
        var modified: Int
        var gzipped: [UInt8]?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Paths in insertion order: the oldest are dropped first when over budget.
        var order: [String] = []
        var bytes = 0
    }

    /// Files smaller than this are not worth compressing (a header and a round trip cost more).
    package static let minimumSize = 256
    /// Files larger than this are served as they are, so one huge file cannot stall a loop compressing it.
    package static let maximumSize = 16 * 1024 * 1024

    private let budget: Int
    private let maxEntries: Int
    private let state = Mutex(State())

    /// A cache holding at most `budget` compressed bytes in at most `maxEntries` files.
    package init(budget: Int = 32 * 1024 * 1024, maxEntries: Int = 4096) {
        self.budget = budget
        self.maxEntries = maxEntries
    }

    /// Compressed bytes held now.
    package var byteCount: Int { state.withLock { $0.bytes } }

    /// The gzip body for `path` at this `size` and `modified` time (nanoseconds), compressing `read()` on a miss;
    /// nil when gzip does not shrink the file or the file could not be read.
    package func gzipped(path: String, size: Int, modified: Int, read: () -> [UInt8]?) -> [UInt8]? {
        if let entry = state.withLock({ $0.entries[path] }), entry.size == size, entry.modified == modified {
            return entry.gzipped
        }
        guard let contents = read() else { return nil }
        var gzipped = contents.withUnsafeBytes { ZlibDeflater.gzip($0) }
        if let compressed = gzipped, compressed.count >= contents.count { gzipped = nil }
        let entry = Entry(size: size, modified: modified, gzipped: gzipped)
        let cost = gzipped?.count ?? 0
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: path) {
                state.bytes -= old.gzipped?.count ?? 0
                state.order.removeAll { $0 == path }
            }
            guard cost <= budget else { return }
            while !state.order.isEmpty && (state.bytes + cost > budget || state.order.count >= maxEntries) {
                let oldest = state.order.removeFirst()
                state.bytes -= state.entries.removeValue(forKey: oldest)?.gzipped?.count ?? 0
            }
            state.entries[path] = entry
            state.order.append(path)
            state.bytes += cost
        }
        return gzipped
    }

    /// Whether a file of this extension is worth compressing: text formats, not already-compressed media.
    package static func isCompressible(extension ext: some StringProtocol) -> Bool {
        switch ext.lowercased() {
        case "html", "htm", "js", "mjs", "css", "txt", "md", "json", "tmj", "tsj", "map", "svg", "wasm", "ico": true
        default: false
        }
    }

    /// Whether `Accept-Encoding` lets us answer with gzip (RFC 9110 §12.5.3): `gzip` (or `x-gzip`) or `*` listed
    /// with a non-zero q-value, and gzip not refused with `q=0`.
    package static func acceptsGzip(_ headers: HTTPHeaders) -> Bool {
        var gzip: Bool?
        var any: Bool?
        for field in headers[all: "Accept-Encoding"] {
            for member in field.split(separator: ",") {
                let parts = member.split(separator: ";")
                guard let first = parts.first else { continue }
                let coding = first.trimmingOWS().lowercased()
                var accepted = true
                for parameter in parts.dropFirst() {
                    let text = parameter.trimmingOWS()
                    guard text.count >= 2, text.first == "q" || text.first == "Q", text.dropFirst().first == "=" else {
                        continue
                    }
                    accepted = !isZeroQValue(text.dropFirst(2))
                }
                switch coding {
                case "gzip", "x-gzip": gzip = accepted
                case "*": any = accepted
                default: break
                }
            }
        }
        return gzip ?? any ?? false
    }

    /// `0`, `0.`, `0.0`… (RFC 9110 §12.4.2); anything unparsable counts as non-zero only if it looks like a number.
    private static func isZeroQValue(_ text: Substring) -> Bool {
        guard text.first == "0" else { return false }
        return text.dropFirst().allSatisfy { $0 == "." || $0 == "0" }
    }
}

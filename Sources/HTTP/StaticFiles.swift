import Glibc
import Support

/// Serves files from directories mounted under URL prefixes, for GET and HEAD.
///
/// Every request is answered synchronously from the filesystem; files are small game assets, so each one is read
/// whole (up to `maxFileSize`). Paths are sanitised by `PathSanitizer`, and every opened file's real path must lie
/// inside its mount's real directory, so symlinks may point around inside a mount but never out of it.
package final class StaticFiles: Sendable {
    /// A URL prefix and the directory that serves it.
    package struct Mount: Sendable, Equatable {
        /// `/` or a prefix such as `/maps/`; compared segment by segment after percent-decoding.
        package var urlPrefix: String
        package var directory: String

        package init(urlPrefix: String, directory: String) {
            self.urlPrefix = urlPrefix
            self.directory = directory
        }
    }

    private struct ResolvedMount: Sendable {
        let prefix: [String]
        /// The directory after `realpath`, or nil when it did not resolve (everything under it is 404).
        let realDirectory: String?
    }

    /// Larger files are answered with 500: reading them whole into memory would be a mistake.
    package static let maxFileSize = 64 * 1024 * 1024

    private let mounts: [ResolvedMount]
    private let cacheControl: String
    /// Gzip versions of compressible files, made on first request (see ``GzipCache``).
    package let gzipCache: GzipCache?

    /// Resolves each mount directory with `realpath` now; a missing directory is allowed and serves only 404s.
    /// `gzip`: serve compressible files gzipped to clients that accept it, from a cache of that many bytes (nil: off).
    package init(mounts: [Mount], cacheControl: String = "no-cache", gzipCacheBytes: Int? = 32 * 1024 * 1024) {
        gzipCache = gzipCacheBytes.map { GzipCache(budget: $0) }
        let resolved = mounts.map { mount in
            ResolvedMount(
                prefix: mount.urlPrefix.split(separator: "/").map(String.init),
                realDirectory: Self.realPath(mount.directory))
        }
        // Longest prefix first, so `/maps/` wins over `/`; the sort is stable among equal lengths.
        self.mounts = resolved.enumerated()
            .sorted { ($0.element.prefix.count, -$0.offset) > ($1.element.prefix.count, -$1.offset) }
            .map(\.element)
        self.cacheControl = cacheControl
    }

    /// Builds a full response for a GET or HEAD. Never throws: every failure is a response
    /// (400, 403, 404, 405, 500, 501).
    package func response(for head: HTTPRequestHead, keepAlive: Bool) -> StaticResponse {
        let omitBody = head.method == .head
        switch head.method {
        case .get, .head:
            break
        case .other:
            // RFC 9110 §9.1: an unrecognised method is 501.
            return plain(.notImplemented, keepAlive: keepAlive, omitBody: false)
        default:
            // RFC 9110 §15.5.6: 405 MUST list the supported methods in Allow.
            return plain(
                .methodNotAllowed, keepAlive: keepAlive, omitBody: false,
                extra: HTTPHeaders([("Allow", "GET, HEAD")]))
        }
        let path: SanitizedPath
        switch PathSanitizer.relativePath(fromRequestPath: head.path) {
        case .success(let sanitized): path = sanitized
        case .failure: return plain(.badRequest, keepAlive: keepAlive, omitBody: omitBody)
        }
        guard let mount = mounts.first(where: { path.segments.starts(with: $0.prefix) }),
            let root = mount.realDirectory
        else { return plain(.notFound, keepAlive: keepAlive, omitBody: omitBody) }
        let relative = path.segments.dropFirst(mount.prefix.count)
        var fsPath = root + relative.map { "/" + $0 }.joined()
        var fileName = relative.last ?? ""

        var opened = openContained(fsPath, root: root)
        if case .file(let fd, _) = opened, path.hasTrailingSlash {
            // `/a.js/` names a directory that does not exist; serving a.js would give relative links a wrong base.
            close(fd)
            return plain(.notFound, keepAlive: keepAlive, omitBody: omitBody)
        }
        if case .directory = opened {
            guard path.hasTrailingSlash else {
                // RFC 9110 §15.4.2: relative references inside a directory's index need the trailing slash.
                // The Location is rebuilt from the decoded segments, so `//evil.example` cannot become a
                // scheme-relative redirect to another host.
                var location = "/" + path.segments.map(PathSanitizer.percentEncode(segment:)).joined(separator: "/")
                if !path.segments.isEmpty { location += "/" }
                if let query = head.target.firstIndex(of: "?") { location += head.target[query...] }
                return plain(
                    .movedPermanently, keepAlive: keepAlive, omitBody: omitBody,
                    extra: HTTPHeaders([("Location", location)]))
            }
            fsPath += "/index.html"
            fileName = "index.html"
            opened = openContained(fsPath, root: root)
        }
        switch opened {
        case .file(let fd, let info):
            defer { close(fd) }
            return fileResponse(
                fd: fd, info: info, path: fsPath, fileName: fileName, request: head, keepAlive: keepAlive)
        case .directory:
            return plain(.notFound, keepAlive: keepAlive, omitBody: omitBody)
        case .failure(let status):
            return plain(status, keepAlive: keepAlive, omitBody: omitBody)
        }
    }

    private enum Opened {
        case file(Int32, stat)
        case directory
        case failure(HTTPStatus)
    }

    /// Opens `fsPath` and checks it is a regular file or directory whose real path lies under `root`.
    private func openContained(_ fsPath: String, root: String) -> Opened {
        // O_NONBLOCK keeps a FIFO planted in the tree from blocking the event loop in open(); it has no effect on
        // regular files, which are the only thing served.
        let fd = open(fsPath, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 { return .failure(Self.status(forErrno: errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            return .failure(.internalServerError)
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFDIR else {
            close(fd)
            return .failure(.notFound)
        }
        // Checked after open, on the name just opened: symlinks that stay inside the mount are fine, those that
        // leave it (to /etc/passwd, say) are refused as if absent.
        guard let real = Self.realPath(fsPath), Self.isPath(real, inside: root) else {
            close(fd)
            return .failure(.notFound)
        }
        if type == S_IFDIR {
            close(fd)
            return .directory
        }
        return .file(fd, info)
    }

    private func fileResponse(
        fd: Int32, info: stat, path: String, fileName: String, request: HTTPRequestHead, keepAlive: Bool
    ) -> StaticResponse {
        let size = Int(info.st_size)
        let omitBody = request.method == .head
        guard size <= Self.maxFileSize else {
            return plain(.internalServerError, keepAlive: keepAlive, omitBody: omitBody)
        }
        let mtimeSeconds = Int(info.st_mtim.tv_sec)
        let mtimeNanoseconds = Int(Duration(info.st_mtim).wholeNanoseconds)
        let ext = fileName.contains(".") ? fileName.split(separator: ".").last ?? "" : ""
        // The file's contents, read at most once whichever variant is sent.
        var contents: [UInt8]??
        func read() -> [UInt8]? {
            if contents == nil { contents = .some(Self.readAll(fd, size: size)) }
            return contents!
        }
        let compressible = gzipCache != nil && GzipCache.isCompressible(extension: ext)
        var gzipped: [UInt8]?
        if let gzipCache, compressible, (GzipCache.minimumSize...GzipCache.maximumSize).contains(size),
            GzipCache.acceptsGzip(request.headers)
        {
            gzipped = gzipCache.gzipped(path: path, size: size, modified: mtimeNanoseconds, read: read)
        }
        // The gzip variant is a different representation, so it gets its own validator (RFC 9110 §8.8.3).
        let tag = String(size, radix: 16) + "-" + String(mtimeNanoseconds, radix: 16) + (gzipped == nil ? "" : "-gz")
        let etag = "\"" + tag + "\""
        var headers = HTTPHeaders()
        headers.add(name: "ETag", value: etag)
        headers.add(name: "Last-Modified", value: HTTPDate.format(secondsSince1970: mtimeSeconds))
        headers.add(name: "Cache-Control", value: cacheControl)
        // Both variants say the answer depends on Accept-Encoding, so caches keep them apart.
        if compressible { headers.add(name: "Vary", value: "Accept-Encoding") }
        if !keepAlive { headers.add(name: "Connection", value: "close") }

        if Self.isNotModified(request.headers, etag: etag, mtimeSeconds: mtimeSeconds) {
            return StaticResponse(head: HTTPResponseHead(status: .notModified, headers: headers), body: [])
        }
        var body: [UInt8] = []
        if let gzipped {
            headers.add(name: "Content-Encoding", value: "gzip")
            if !omitBody { body = gzipped }
        } else if !omitBody {
            guard let contents = read() else {
                return plain(.internalServerError, keepAlive: keepAlive, omitBody: omitBody)
            }
            body = contents
        }
        headers.add(name: "Content-Type", value: MIMEType.forExtension(ext))
        // For HEAD, the length the GET body would have (RFC 9110 §9.3.2).
        headers.add(name: "Content-Length", value: String(omitBody ? (gzipped?.count ?? size) : body.count))
        return StaticResponse(head: HTTPResponseHead(status: .ok, headers: headers), body: body)
    }

    /// RFC 9110 §13.1.2 and §13.2.2: If-None-Match decides when present, and If-Modified-Since is then ignored.
    static func isNotModified(_ headers: HTTPHeaders, etag: String, mtimeSeconds: Int) -> Bool {
        let noneMatch = headers[all: "If-None-Match"]
        if !noneMatch.isEmpty {
            for member in noneMatch.flatMap({ $0.split(separator: ",") }) {
                var tag = member.trimmingOWS()
                if tag == "*" { return true }
                // RFC 9110 §13.1.2: If-None-Match uses the weak comparison, so a W/ prefix is ignored.
                if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
                if tag == etag { return true }
            }
            return false
        }
        // RFC 9110 §13.1.3: ignore an invalid date or a field with more than one member.
        let modifiedSince = headers[all: "If-Modified-Since"]
        guard modifiedSince.count == 1, let date = HTTPDate.parse(modifiedSince[0]) else { return false }
        return mtimeSeconds <= date
    }

    /// Reads `size` bytes, or fewer if the file shrank meanwhile; nil on a read error.
    private static func readAll(_ fd: Int32, size: Int) -> [UInt8]? {
        if size == 0 { return [] }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var total = 0
            while total < size {
                let n = read(fd, buffer.baseAddress! + total, size - total)
                if n > 0 {
                    total += n
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    failed = true
                    break
                }
            }
            count = total
        }
        return failed ? nil : bytes
    }

    private func plain(
        _ status: HTTPStatus, keepAlive: Bool, omitBody: Bool, extra: HTTPHeaders = .init()
    ) -> StaticResponse {
        let (head, body) = HTTPResponseHead.plainText(status: status, keepAlive: keepAlive, extraHeaders: extra)
        return StaticResponse(head: head, body: omitBody ? [] : body)
    }

    private static func status(forErrno code: Int32) -> HTTPStatus {
        switch code {
        case ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, ENXIO: .notFound
        case EACCES, EPERM: .forbidden
        default: .internalServerError
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isPath(_ path: String, inside root: String) -> Bool {
        if path == root { return true }
        return path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}

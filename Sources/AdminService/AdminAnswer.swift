import Admin
import Support
import World

/// The answer to one command: text for people, JSON for scripts.
struct AdminAnswer: Sendable {
    var status: AdminStatus
    var text: String
    var json: JSONValue

    static func ok(_ text: String, _ json: JSONValue? = nil) -> AdminAnswer {
        AdminAnswer(status: .ok, text: text, json: json ?? .object(["message": .string(text)]))
    }

    static func error(_ text: String) -> AdminAnswer {
        AdminAnswer(status: .error, text: text, json: .object(["error": .string(text)]))
    }

    static func usage(_ text: String) -> AdminAnswer {
        AdminAnswer(status: .usage, text: text, json: .object(["error": .string(text)]))
    }

    func response(json wantsJSON: Bool) -> AdminResponse {
        guard wantsJSON else { return AdminResponse(status, text.hasSuffix("\n") ? text : text + "\n") }
        var bytes: [UInt8] = []
        JSONWriter.write(json, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return AdminResponse(status, String(decoding: bytes, as: UTF8.self))
    }
}

extension [AdminReply] {
    var doneTexts: [String] {
        compactMap {
            switch $0 {
            case .done(let text), .counted(_, let text): text
            default: nil
            }
        }
    }

    /// The sum of the worlds' counts.
    var count: Int {
        reduce(0) { if case .counted(let n, _) = $1 { $0 + n } else { $0 } }
    }

    var failureTexts: [String] {
        compactMap { if case .failed(let text) = $0 { text } else { nil } }
    }

    /// One world's answer as the operator sees it.
    var answer: AdminAnswer {
        if let failure = failureTexts.first { return .error(failure) }
        return .ok(doneTexts.joined(separator: "\n"))
    }
}

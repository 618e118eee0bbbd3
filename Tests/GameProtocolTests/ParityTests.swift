import GameProtocol
import TestSupport
import Testing

/// Checks the tables other files copy: the browser's `Public/js/protocol.js` and the DocC article's message table.
struct ParityTests {
    /// The `NAME: number` pairs of `export const <name> = Object.freeze({ … });` in protocol.js, in order.
    static func javaScriptTable(_ name: String) throws -> [(String, Int)] {
        let source = try #require(readRepositoryFile("Public/js/protocol.js"))
        var pairs: [(String, Int)] = []
        var inside = false
        for rawLine in source.split(separator: "\n") {
            let line = rawLine.trimmingPrefix(while: { $0 == " " })
            if line.hasPrefix("export const \(name) = Object.freeze({") {
                inside = true
            } else if inside && line.hasPrefix("});") {
                return pairs
            } else if inside && !line.isEmpty && !line.hasPrefix("//") {
                let parts = line.split(separator: ":")
                try #require(parts.count == 2, "\(line)")
                let value = try #require(Int(parts[1].trimmingPrefix(while: { $0 == " " }).dropLast()), "\(line)")
                #expect(parts[1].hasSuffix(","), "\(line)")
                pairs.append((String(parts[0]), value))
            }
        }
        Issue.record("no frozen \(name) table in protocol.js")
        return pairs
    }

    @Test func messagesMatchMessageCode() throws {
        let table = try Self.javaScriptTable("Messages")
        #expect(table.map(\.0) == MessageCode.allCases.map(\.name))
        #expect(table.map(\.1) == MessageCode.allCases.map(\.rawValue))
    }

    @Test func entitiesMatchEntityKind() throws {
        let table = try Self.javaScriptTable("Entities")
        #expect(table.map(\.0) == EntityKind.allCases.map(\.constantName))
        #expect(table.map(\.1) == EntityKind.allCases.map(\.rawValue))
    }

    @Test func orientationsMatchOrientation() throws {
        let table = try Self.javaScriptTable("Orientations")
        #expect(table.map(\.0) == ["UP", "DOWN", "LEFT", "RIGHT"])
        #expect(table.map(\.0) == Orientation.allCases.map(\.constantName))
        #expect(table.map(\.1) == Orientation.allCases.map(\.rawValue))
    }

    @Test func closeCodesMatchGameCloseCode() throws {
        let table = try Self.javaScriptTable("CloseCodes")
        #expect(table.map(\.0) == GameCloseCode.allCases.map(\.constantName))
        #expect(table.map(\.1) == GameCloseCode.allCases.map(\.rawValue))
    }

    @Test func protocolArticleShowsTheSchemaTable() throws {
        let article = try #require(readRepositoryFile("Sources/GameProtocol/GameProtocol.docc/Protocol.md"))
        #expect(article.contains(MessageSchema.markdownTable), "paste MessageSchema.markdownTable into Protocol.md")
    }
}

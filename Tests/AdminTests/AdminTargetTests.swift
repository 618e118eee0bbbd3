import Admin
import Testing

/// Lines aimed at one node of a cluster: `@NODE` before any command, and the node as `drain`'s and `shutdown`'s
/// last word; everything else is left whole for the command parser.
struct AdminTargetTests {
    @Test(arguments: [
        ("@node2 players", "node2", "players"),
        ("  @b-1_x   kick \"big bob\" spam", "b-1_x", "kick \"big bob\" spam"),
        ("drain node2", "node2", "drain"),
        ("drain off node2", "node2", "drain off"),
        ("shutdown node3", "node3", "shutdown"),
        ("shutdown 30 node3", "node3", "shutdown 30"),
    ])
    func namesANode(line: String, node: String, rest: String) {
        #expect(AdminTargetedLine.split(line) == AdminTargetedLine(node: node, line: rest))
    }

    @Test(arguments: [
        "drain", "drain on", "drain off", "shutdown", "shutdown 30", "shutdown 2m", "shutdown cancel",
        "kick bob node2", "say hello node2", "@ players", "@bad!name players",
        "@\(String(repeating: "n", count: 33)) x",
    ])
    func leavesOtherLinesWhole(line: String) {
        #expect(AdminTargetedLine.split(line) == AdminTargetedLine(node: nil, line: line))
    }
}

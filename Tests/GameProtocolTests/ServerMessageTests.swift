import GameProtocol
import Testing

struct ServerMessageTests {
    static let goldens: [(ServerMessage, String)] = [
        (.welcome(id: 5, name: "bob", x: 10, y: 20, hp: 80), #"[1,5,"bob",10,20,80]"#),
        (
            .spawnPlayer(
                id: 12, x: 3, y: 4, name: "ann", orientation: .left, armor: .clotharmor, weapon: .sword1, target: nil),
            #"[2,12,1,3,4,"ann",3,21,60]"#
        ),
        (
            .spawnPlayer(
                id: 12, x: 3, y: 4, name: "ann", orientation: .up, armor: .goldenarmor, weapon: .axe, target: 7),
            #"[2,12,1,3,4,"ann",1,26,65,7]"#
        ),
        (.spawnMob(id: 100, kind: .rat, x: 5, y: 6, orientation: .down, target: nil), "[2,100,2,5,6,2]"),
        (.spawnMob(id: 101, kind: .boss, x: 5, y: 6, orientation: .right, target: 12), "[2,101,13,5,6,4,12]"),
        (.spawnEntity(id: 200, kind: .chest, x: 1, y: 2), "[2,200,37,1,2]"),
        (.spawnEntity(id: 201, kind: .guard, x: 0, y: 0), "[2,201,40,0,0]"),
        (.despawn(id: 9), "[3,9]"),
        (.move(id: 23, x: 51, y: 12), "[4,23,51,12]"),
        (.lootMove(player: 5, item: 9), "[5,5,9]"),
        (.attack(attacker: 3, target: 4), "[7,3,4]"),
        (.health(hp: 70, regenerated: true), "[10,70,1]"),
        (.health(hp: 0, regenerated: false), "[10,0]"),
        (.chat(player: 5, text: "hello"), #"[11,5,"hello"]"#),
        (.chat(player: 5, text: "<img src=x onerror=alert(1)>"), #"[11,5,"\u003cimg src=x onerror=alert(1)\u003e"]"#),
        (.chat(player: 5, text: "\"q\" \\ & /\n\u{1}\u{1F}"), #"[11,5,"\"q\" \\ \u0026 /\u000a\u0001\u001f"]"#),
        (.chat(player: 5, text: "héllo 😀"), #"[11,5,"héllo 😀"]"#),
        (.equip(player: 5, kind: .goldensword), "[13,5,63]"),
        (.drop(mob: 7, item: 9, kind: .flask, haters: [5, 6]), "[14,7,9,35,[5,6]]"),
        (.drop(mob: 7, item: 9, kind: .redarmor, haters: []), "[14,7,9,25,[]]"),
        (.teleport(id: 5, x: 10, y: 11), "[15,5,10,11]"),
        (.damage(id: 7, points: 12), "[16,7,12]"),
        (.population(world: 3, total: nil), "[17,3,null]"),
        (.population(world: 3, total: 10), "[17,3,10]"),
        (.kill(kind: .deathknight), "[18,14]"),
        (.list(ids: [1, 2, 3]), "[19,1,2,3]"),
        (.list(ids: []), "[19]"),
        (.destroy(id: 4), "[22,4]"),
        (.hp(max: 120), "[23,120]"),
        (.blink(id: 8), "[24,8]"),
        (.notice(text: "Restart in 5 s"), #"[27,"Restart in 5 s"]"#),
        (.password(saved: true, text: "Password saved."), #"[29,1,"Password saved."]"#),
        (.password(saved: false, text: "Too short"), #"[29,0,"Too short"]"#),
        (.profile(name: "Vera", returning: true, hasPassword: false), #"[30,"Vera",1,0]"#),
        (
            .achievement(id: 3, name: "Shell Game", description: "Defeat a crab."),
            #"[31,3,"Shell Game","Defeat a crab."]"#
        ),
        (
            .achievements([
                AchievementEntry(id: 0, name: "A", description: "a <b>", earned: true),
                AchievementEntry(id: 1, name: "B", description: "", earned: false),
            ]), #"[32,[0,"A","a \u003cb\u003e",1],[1,"B","",0]]"#
        ),
        (.achievements([]), "[32]"),
        (.move(id: 0, x: -5, y: 1_000_000), "[4,0,-5,1000000]"),
        (.move(id: Int.max, x: Int.min, y: 10), "[4,9223372036854775807,-9223372036854775808,10]"),
    ]

    @Test(arguments: goldens)
    func encodesGolden(message: ServerMessage, expected: String) {
        #expect(encoded(message) == expected)
        #expect(message.code.schema.direction.fromServer)
        #expect(expected.hasPrefix("[\(message.code.rawValue),") || expected == "[\(message.code.rawValue)]")
    }

    @Test func coversEveryServerCode() {
        let covered = Set(Self.goldens.map(\.0.code))
        let server = Set(MessageCode.allCases.filter { $0.schema.direction.fromServer })
        #expect(covered == server)
    }

    @Test func appendsToWhatTheBufferHolds() {
        var out: [UInt8] = [0xAA]
        ServerMessage.destroy(id: 4).encode(into: &out)
        #expect(out == [0xAA] + Array("[22,4]".utf8))
    }

    @Test func writesListAndDropFromAnySequence() {
        var out: [UInt8] = []
        ServerMessage.writeList(ids: stride(from: 1, to: 8, by: 3), into: &out)
        ServerMessage.writeDrop(mob: 7, item: 9, kind: .burger, haters: 5...7, into: &out)
        ServerMessage.writeDrop(mob: 7, item: 9, kind: .cake, haters: EmptyCollection(), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "[19,1,4,7][14,7,9,36,[5,6,7]][14,7,9,39,[]]")
    }

    @Test func batchesMessagesAsAnArrayOfArrays() {
        var out: [UInt8] = []
        var batch = BatchWriter()
        batch.begin(into: &out)
        #expect(batch.isEmpty)
        batch.append(.welcome(id: 5, name: "bob", x: 10, y: 20, hp: 80), into: &out)
        #expect(!batch.isEmpty)
        batch.append(.population(world: 3, total: nil), into: &out)
        batch.append(.health(hp: 70, regenerated: true), into: &out)
        batch.end(into: &out)
        #expect(batch.count == 3)
        #expect(String(decoding: out, as: UTF8.self) == #"[[1,5,"bob",10,20,80],[17,3,null],[10,70,1]]"#)
    }

    @Test func batchesListAndDropWithoutArrays() {
        var out: [UInt8] = [0xFF, 0xFE]
        var batch = BatchWriter()
        batch.begin(into: &out)
        #expect(batch.startOffset == 2)
        batch.appendList(ids: [4, 5].lazy.map { $0 * 10 }, into: &out)
        batch.appendDrop(mob: 1, item: 2, kind: .flask, haters: CollectionOfOne(3), into: &out)
        batch.append(.blink(id: 2), into: &out)
        batch.end(into: &out)
        #expect(Array(out[2...]) == Array("[[19,40,50],[14,1,2,35,[3]],[24,2]]".utf8))
    }

    /// A message encoded once and copied into many batches (a broadcast) reads exactly as if each batch had
    /// encoded it, whatever precedes it in the batch.
    @Test func encodedOnceEqualsEncodedPerBatch() {
        for (first, _) in Self.goldens {
            for (second, _) in Self.goldens.prefix(8) {
                var direct: [UInt8] = [0x41]
                var copied: [UInt8] = [0x41]
                var directBatch = BatchWriter()
                var copiedBatch = BatchWriter()
                directBatch.begin(into: &direct)
                copiedBatch.begin(into: &copied)
                for message in [second, first] {
                    directBatch.append(message, into: &direct)
                    var shared: [UInt8] = []
                    message.encode(into: &shared)
                    shared.withUnsafeBufferPointer { copiedBatch.append(encoded: $0, into: &copied) }
                }
                directBatch.end(into: &direct)
                copiedBatch.end(into: &copied)
                #expect(copied == direct, "\(second), \(first)")
                #expect(copiedBatch.count == 2)
            }
        }
    }

    @Test func beginsEachBatchAfresh() {
        var out: [UInt8] = []
        var batch = BatchWriter()
        batch.begin(into: &out)
        batch.append(.destroy(id: 1), into: &out)
        batch.end(into: &out)
        out.removeAll(keepingCapacity: true)
        batch.begin(into: &out)
        #expect(batch.isEmpty)
        batch.end(into: &out)
        #expect(out == Array("[]".utf8))
        batch.begin(into: &out)
        batch.append(.destroy(id: 2), into: &out)
        batch.end(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "[][[22,2]]")
    }

    @Test func reusedBufferStopsGrowingAfterTheFirstPass() {
        var messages: [ServerMessage] = []
        for index in 0..<1_000 {
            let golden = Self.goldens[index % Self.goldens.count].0
            messages.append(index.isMultiple(of: 7) ? .move(id: index, x: index * 3, y: -index) : golden)
        }
        var out: [UInt8] = []
        var batch = BatchWriter()
        var firstCapacity = 0
        for pass in 0..<5 {
            out.removeAll(keepingCapacity: true)
            batch.begin(into: &out)
            for message in messages { batch.append(message, into: &out) }
            batch.appendList(ids: 0..<100, into: &out)
            batch.end(into: &out)
            if pass == 0 {
                firstCapacity = out.capacity
            } else {
                #expect(out.capacity == firstCapacity)
            }
        }
        #expect(batch.count == 1_001)
    }
}

import Bots
import Testing

/// The bots' frame reader: what it yields for real batches, and that malformed frames end the scan quietly.
struct BatchScannerTests {
    private func scan(_ text: String) -> [[Int]] {
        var scanner = BatchScanner()
        var out: [[Int]] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            scanner.begin(UnsafeRawBufferPointer(raw))
            while scanner.next() { out.append(scanner.fields) }
        }
        return out
    }

    @Test func aBatchYieldsEachMessageInOrder() {
        let frame = #"[[1,23,"Bob \"the\" [x]",6,7,80],[4,23,51,12],[15,9,10,35,[2,3]],[19],[2,5,1.5,true]]"#
        #expect(
            scan(frame) == [
                [1, 23, Int.min, 6, 7, 80], [4, 23, 51, 12], [15, 9, 10, 35, Int.min], [19], [2, 5, Int.min, Int.min],
            ])
    }

    @Test func aBareMessageIsOneMessage() {
        #expect(scan("[11, -3, \"hi\"]") == [[11, -3, Int.min]])
        #expect(scan(" [ ] ") == [[]])
    }

    @Test func stringsKeepTheirRawBytes() {
        var scanner = BatchScanner()
        var bytes = Array(#"[[11,4,"hello 1 2"]]"#.utf8)
        let text = bytes.withUnsafeMutableBytes { raw -> String? in
            scanner.begin(UnsafeRawBufferPointer(raw))
            guard scanner.next(), let text = scanner.text(at: 2) else { return nil }
            return String(decoding: text, as: UTF8.self)
        }
        #expect(text == "hello 1 2")
        #expect(scanner.int(1) == 4)
        #expect(scanner.int(2) == nil)
    }

    @Test func malformedFramesStopWithoutTrapping() {
        for frame in [
            "", "go", "[", "[[1,2", "[[1,2],", "[[1,\"open]]", "[[1,2]x", "[[99999999999999999999]]", "[[-]]",
        ] {
            let messages = scan(frame)
            #expect(messages.allSatisfy { $0.count <= 2 }, "\(frame)")
        }
        // A complete message stands even when what follows it is not JSON.
        #expect(scan("[[1,2],[3,4]x,[5]]") == [[1, 2], [3, 4]])
    }
}

import Basics
import Foundation
import PipelineIR

/// A small deterministic random generator (SplitMix64), so that mutation case N is the same on every machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One way of breaking a compiled pipeline.
enum IRMutation: String, CaseIterable, Sendable {
    case truncate, wrongType, deepNesting, hugeString, dependencyCycle, unknownReference, deleteKey, duplicateKey
    case binaryGarbage, moveSubtree, hostileKey, conditionGarbage, placeholderGarbage, aliasBomb
}

/// Makes broken variants of a compiled pipeline: case `index` of `seed` is always the same text (or bytes).
/// Tree mutations parse the YAML, change one spot at a random IR path and write the result as JSON (which the
/// loader accepts as YAML); text mutations work on the original bytes.
struct IRMutator {
    let sources: [(name: String, text: String, tree: JSONValue)]
    static let marker = "@@tarmac-mutation-marker@@"

    /// A mutator over the given pipeline texts (each must load).
    init(pipelines: [(name: String, text: String)]) throws {
        sources = try pipelines.map { pipeline in
            (pipeline.name, pipeline.text, try YAMLLoader.loadDocuments(pipeline.text, file: pipeline.name).first ?? .null)
        }
    }

    /// The kind and bytes of case `index`.
    func mutant(_ index: Int, seed: UInt64) -> (mutation: IRMutation, source: String, bytes: Data) {
        var random = SeededGenerator(seed: seed &+ UInt64(index) &* 0x1000_0000_01B3)
        let source = sources[Int.random(in: 0..<sources.count, using: &random)]
        let mutation = IRMutation.allCases[index % IRMutation.allCases.count]
        var tree = source.tree
        switch mutation {
        case .truncate:
            let bytes = Data(source.text.utf8)
            return (mutation, source.name, bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
        case .duplicateKey:
            return (mutation, source.name, Data(Self.duplicateLine(source.text, using: &random).utf8))
        case .binaryGarbage:
            return (mutation, source.name, Self.garbage(Data(source.text.utf8), using: &random))
        case .aliasBomb:
            return (mutation, source.name, Data(Self.aliasBomb(source.text, using: &random).utf8))
        case .wrongType:
            tree = TreeEditor.replaceRandom(tree, using: &random) { old, random in Self.otherKind(than: old, using: &random) }
        case .deepNesting:
            // Built as text: the tree writer recurses, and the point is depth beyond any stack.
            let depth = [100, 255, 256, 257, 1_000, 100_000].randomElement(using: &random)!
            let (open, close) = Bool.random(using: &random) ? ("{\"k\":", "}") : ("[", "]")
            var inner = ""
            tree = TreeEditor.replaceRandom(tree, using: &random) { old, _ in inner = old.canonicalJSON; return .string(Self.marker) }
            let nested = String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)
            let text = tree.canonicalJSON.replacingOccurrences(of: "\"\(Self.marker)\"", with: nested)
            return (mutation, source.name, Data(text.utf8))
        case .hugeString:
            // Spliced in as text: escaping megabytes through the tree writer would dominate the test's time.
            let size = Int.random(in: 1...2, using: &random) << 20
            let unit = ["x", "é", "{{$.inputs.parameters['", "\\n", "🙂"].randomElement(using: &random)!
            tree = TreeEditor.replaceRandom(tree, using: &random, where: { $0.stringValue != nil }) { _, _ in .string(Self.marker) }
            let huge = "\"" + String(repeating: unit, count: size / unit.utf8.count) + "\""
            let text = tree.canonicalJSON.replacingOccurrences(of: "\"\(Self.marker)\"", with: huge)
            return (mutation, source.name, Data(text.utf8))
        case .dependencyCycle:
            tree = TreeEditor.addCycle(tree, using: &random)
        case .unknownReference:
            tree = TreeEditor.breakReference(tree, using: &random)
        case .deleteKey:
            tree = TreeEditor.deleteRandomKey(tree, using: &random)
        case .moveSubtree:
            let donor = TreeEditor.randomNode(tree, using: &random)
            tree = TreeEditor.replaceRandom(tree, using: &random) { _, _ in donor }
        case .hostileKey:
            tree = TreeEditor.renameRandomKey(tree, using: &random)
        case .conditionGarbage:
            tree = TreeEditor.replaceStrings(tree, atKey: "condition", using: &random) { random in Self.celNoise(using: &random) }
        case .placeholderGarbage:
            tree = TreeEditor.replaceRandom(tree, using: &random, where: { $0.stringValue?.contains("{{") == true }) { _, random in
                .string(Self.placeholderNoise(using: &random))
            }
        }
        return (mutation, source.name, Data(tree.canonicalJSON.utf8))
    }

    /// A value of a different JSON kind (or an extreme value of the same kind).
    static func otherKind(than old: JSONValue, using random: inout SeededGenerator) -> JSONValue {
        let choices: [JSONValue] = [.null, .bool(true), .number(-1), .number(1e308), .number(0.5), .number(9_007_199_254_740_992),  // 2^53
                                    .string(""), .string("../../etc/passwd"), .array([]), .array([.null, .number(1)]),
                                    .object([:]), .object(["": .null])]
        var pick = choices.randomElement(using: &random)!
        while pick.kindName == old.kindName, Bool.random(using: &random) { pick = choices.randomElement(using: &random)! }
        return pick
    }

    /// Repeats one `key: value` line right after itself (a duplicate key in the same mapping).
    static func duplicateLine(_ text: String, using random: inout SeededGenerator) -> String {
        var lines = text.components(separatedBy: "\n")
        let candidates = lines.indices.filter { lines[$0].contains(": ") && !lines[$0].hasPrefix("#") }
        guard let line = candidates.randomElement(using: &random) else { return text }
        lines.insert(lines[line], at: line + 1)
        return lines.joined(separator: "\n")
    }

    /// Random bytes written over, inserted into, or replacing the text.
    static func garbage(_ bytes: Data, using random: inout SeededGenerator) -> Data {
        let count = Int.random(in: 1...4096, using: &random)
        let noise = Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) })
        var result = bytes
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return noise
        case 1:
            let at = Int.random(in: 0...result.count, using: &random)
            result.insert(contentsOf: noise, at: at)
        default:
            let at = Int.random(in: 0..<max(1, result.count), using: &random)
            let end = min(result.count, at + count)
            result.replaceSubrange(at..<end, with: noise.prefix(end - at))
        }
        return result
    }

    /// A "billion laughs" document: anchors that each alias the previous one ten times.
    static func aliasBomb(_ text: String, using random: inout SeededGenerator) -> String {
        let levels = Int.random(in: 5...12, using: &random)
        var lines = ["a0: &a0 [\"lol\"]"]
        for level in 1...levels {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]")
        }
        let bomb = lines.joined(separator: "\n") + "\n"
        let withBomb = text.replacingOccurrences(of: "\nroot:\n", with: "\n" + bomb + "root:\n")
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return bomb
        case 1: return withBomb
        default:
            // Also use the bomb as a task's constant input, which the validator and planner read.
            guard let root = withBomb.range(of: "\nroot:\n"), let constant = withBomb.range(of: "constant: ", range: root.upperBound..<withBomb.endIndex)
            else { return withBomb }
            let lineEnd = withBomb[constant.upperBound...].firstIndex(of: "\n") ?? withBomb.endIndex
            return withBomb.replacingCharacters(in: constant.upperBound..<lineEnd, with: "*a\(levels)")
        }
    }

    static func celNoise(using random: inout SeededGenerator) -> String {
        let tokens = ["inputs.parameter_values['x']", "int(", ")", "(", "==", "!", "&&", "||", "'a'", "\"", "1", "-9223372036854775808",
                      "9223372036854775807", "1.5e400", "[", "]", "{", "}", ".", "?", ":", "in", "size(", "\\", "b'\\xff'", "null"]
        return (0..<Int.random(in: 1...40, using: &random)).map { _ in tokens.randomElement(using: &random)! }.joined(separator: " ")
    }

    static func placeholderNoise(using random: inout SeededGenerator) -> String {
        let tokens = ["{{$", "}}", "{{$.inputs.parameters['", "']}}", "{{$.outputs.artifacts['", "'].path}}", "{\"Concat\": [",
                      "{\"IfPresent\": {", "\"InputName\": \"x\"", "]}", "}", "{{$.inputs.artifacts['a'].metadata['k']}}", "'", "\\"]
        return (0..<Int.random(in: 1...20, using: &random)).map { _ in tokens.randomElement(using: &random)! }.joined()
    }
}

import Basics
import Foundation
@testable import PipelineIR
import Testing

/// The two-core YAML loading (`YAMLSplitLoader`) must give what one parse of the whole text gives, errors included.
@Suite struct SplitLoadingTests {
    /// The documents, or the error, of `text` parsed whole (`splitAbove: .max`) or cut in two wherever possible (`0`).
    private func outcome(_ text: String, splitAbove: Int) -> Result<[JSONValue], IRError> {
        do throws(IRError) { return .success(try YAMLLoader.loadDocuments(text, file: "f.yaml", splitAbove: splitAbove)) }
        catch { return .failure(error) }
    }

    /// Whether the text is actually parsed as two halves.
    private func splits(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { YAMLSplitLoader.load($0, file: nil) != nil }
    }

    @Test("every compiled and invalid fixture loads the same cut in two", arguments: Fixtures.compiledPipelines() + Fixtures.invalidPipelines())
    func fixturesLoadTheSame(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(outcome(text, splitAbove: 0) == outcome(text, splitAbove: .max))
    }

    @Test func compiledPipelinesAreCut() throws {
        let cut = try Fixtures.compiledPipelines().filter { splits(try String(contentsOfFile: $0, encoding: .utf8)) }
        #expect(cut.count >= Fixtures.compiledPipelines().count / 2)
    }

    @Test func topLevelKeysOfBothHalvesAreJoined() throws {
        let text = "# comment\na: 1\nb:\n- x\n- {k: 'v'}\nc: |\n  text\nd: 2\n---\nplatforms: {}\n"
        #expect(splits(text))
        let documents = try outcome(text, splitAbove: 0).get()
        #expect(documents == [["a": 1, "b": ["x", ["k": "v"]], "c": "text\n", "d": 2], ["platforms": [:]]])
    }

    @Test("texts that must not be joined give the whole text's documents or error", arguments: [
        "a: 'open\nb: quote'\n",            // a quoted scalar running past the cut
        "a: {x: 1,\nb: 2}\n",               // a flow mapping running past it
        "a: 1\n...\nb: 2\n",                // the first document ends before the cut
        "a: 1\n--- \nb: 2\n",
        "a: &x {k: 1}\nb: *x\n",            // an alias to the other half
        "a: 1\nb: 2\na: 3\n",               // a key in both halves
        "foo\nbar: 1\n",                    // no mapping at the root
        "  a: 1\nb: 2\n",                   // the root is not at column 0
        "{\"a\": 1,\n\"b\": 2}\n",          // JSON
        "a: 1\nb: [unclosed\n",             // a syntax error in the second half
        "a:\tb\nc: 1\n",
        "%YAML 1.1\n---\na: 1\nb: 2\n",
    ])
    func trickyTextsLoadTheSame(_ text: String) {
        #expect(outcome(text, splitAbove: 0) == outcome(text, splitAbove: .max))
    }

    @Test func textsThatCannotBeJoinedAreNotCut() {
        #expect(!splits("a: 'open\nb: quote'\n"))
        #expect(!splits("a: 1\n...\nb: 2\n"))
        #expect(!splits("a: &x {k: 1}\nb: *x\n"))
        #expect(!splits("a: 1\nb: 2\na: 3\n"))
        #expect(!splits("{\"a\": 1,\n\"b\": 2}\n"))
    }

    @Test func aliasesOfBothHalvesCountTogether() {
        // Each half stays under the limit of expanded aliased nodes; together they are over it.
        let half = YAMLLoader.maxAliasedNodes / 2 + 1
        let list = "[" + Array(repeating: "0", count: half).joined(separator: ",") + "]"
        let text = "a: &x \(list)\nb: *x\nc: &y \(list)\nd: *y\n"
        #expect(!splits(text))
        if case .success = outcome(text, splitAbove: .max) { Issue.record("the whole text is over the alias limit") }
    }
}

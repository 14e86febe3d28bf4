import Basics
import Foundation
import Testing

@Suite struct JSONValueTests {
    @Test func parsesEveryKind() throws {
        let value = try JSONValue.parse(#"{"a": [1, 2.5, -3e2], "b": {"c": null, "d": true}, "e": "x\"y\u00e9"}"#)
        #expect(value["a"] == [1, 2.5, -300])
        #expect(value["b"]?["c"] == .null)
        #expect(value["b"]?["d"] == true)
        #expect(value["e"] == "x\"yé")
    }

    @Test func canonicalJSONSortsKeysAndIsCompact() throws {
        let value = try JSONValue.parse(#"{"b": 1, "a": [true, {"z": 1, "y": "s"}]}"#)
        #expect(value.canonicalJSON == #"{"a":[true,{"y":"s","z":1}],"b":1}"#)
    }

    @Test(arguments: [
        (JSONValue.number(3), "3"), (.number(1.5), "1.5"), (.number(-0.25), "-0.25"), (.number(1e-7), "1e-07"),
        (.string("s"), "s"), (.bool(false), "false"), (.null, ""), (JSONValue.array([1, "a"]), #"[1,"a"]"#),
    ])
    func textForm(_ value: JSONValue, _ expected: String) {
        #expect(value.textForm == expected)
    }

    @Test func surrogatePairsAndControlEscapes() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == "😀")
        #expect(JSONValue.string("a\nb\u{01}").canonicalJSON == #""a\nb\u0001""#)
    }

    @Test(arguments: ["", "plain", "\"quoted\"", "back\\slash", "tab\there\r\n", "\u{08}\u{0C}\u{1F}", "é😀\u{2028}e\u{301}",
                      "😀\"😀", "\\", "mixed 日本\n\"語\"\u{7F}"])
    func escapedStringsRoundTrip(_ text: String) throws {
        let encoded = JSONValue.string(text).canonicalJSON
        #expect(try JSONValue.parse(encoded) == .string(text), "\(encoded)")
        let foundation = try JSONSerialization.jsonObject(with: Data(encoded.utf8), options: .fragmentsAllowed) as? String
        #expect(foundation == text, "\(encoded)")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "1 2", "\"unterminated", "01x", "{\"a\":1}}"])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func irPathRendersFieldsKeysAndIndexes() {
        let path = IRPath("root").field("dag").field("tasks").key("train").field("args").index(2)
        #expect(path.description == #"root.dag.tasks["train"].args[2]"#)
        #expect(Location.ir(file: "p.yaml", path: path).description == #"p.yaml: root.dag.tasks["train"].args[2]"#)
    }

    @Test func digestIsSHA256Hex() {
        #expect(Digest.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

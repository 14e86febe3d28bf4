import Basics
import Testing
@testable import PipelineIR

/// Resolves placeholders from a table keyed by `Placeholder.text`.
struct FakePlaceholderResolver: PlaceholderResolver {
    var values: [String: String] = [:]
    var present: Set<String> = []

    func value(of placeholder: Placeholder) throws(PlaceholderResolutionError) -> String {
        guard let v = values[placeholder.text] else { throw PlaceholderResolutionError("no value for \(placeholder.text)") }
        return v
    }

    func isPresent(_ name: String) -> Bool { present.contains(name) }
}

@Suite struct PlaceholderRenderTests {
    static let withOpt = FakePlaceholderResolver(values: [
        "{{$.inputs.parameters['p']}}": "pp", "{{$.inputs.parameters['n']}}": "3",
        "{{$.inputs.parameters['opt']}}": "O",
    ], present: ["p", "n", "opt"])
    static var withoutOpt: FakePlaceholderResolver {
        var r = withOpt
        r.present.remove("opt")
        r.values["{{$.inputs.parameters['opt']}}"] = nil
        return r
    }

    static let args = [
        #"{"Concat": ["--p=", "{{$.inputs.parameters['p']}}", "-", "{{$.inputs.parameters['n']}}"]}"#,
        #"{"IfPresent": {"InputName": "opt", "Then": ["--opt", "{{$.inputs.parameters['opt']}}"], "Else": ["--no-opt"]}}"#,
        #"{"IfPresent": {"InputName": "opt", "Then": {"Concat": ["--o=", "{{$.inputs.parameters['opt']}}"]}}}"#,
        "last",
    ]

    @Test func concatAndIfPresentWithInputPresent() throws {
        let templates = try Self.args.map { try ArgumentTemplate.parse($0) }
        #expect(try ArgumentTemplate.render(templates, with: Self.withOpt) == ["--p=pp-3", "--opt", "O", "--o=O", "last"])
    }

    @Test func ifPresentWithInputAbsent() throws {
        let templates = try Self.args.map { try ArgumentTemplate.parse($0) }
        // Else branch used; the third arg has no Else and disappears.
        #expect(try ArgumentTemplate.render(templates, with: Self.withoutOpt) == ["--p=pp-3", "--no-opt", "last"])
    }

    @Test func ifPresentInsideConcatJoinsItsStrings() throws {
        let t = try ArgumentTemplate.parse(
            #"{"Concat": ["a", {"IfPresent": {"InputName": "opt", "Then": ["-", "{{$.inputs.parameters['opt']}}"]}}, "z"]}"#)
        #expect(try t.render(with: Self.withOpt) == ["a-Oz"])
        #expect(try t.render(with: Self.withoutOpt) == ["az"])
    }

    @Test func emptyStringStillGivesOneArgument() throws {
        var r = Self.withOpt
        r.values["{{$.inputs.parameters['p']}}"] = ""
        #expect(try ArgumentTemplate.parse("{{$.inputs.parameters['p']}}").render(with: r) == [""])
    }

    @Test func substitutionIsSinglePass() throws {
        let r = FakePlaceholderResolver(values: [
            "{{$.inputs.parameters['x']}}": "{{$.inputs.parameters['y']}}",
            "{{$.inputs.parameters['y']}}": "WRONG",
            "{{$}}": #"{"v": "{{$.inputs.parameters['y']}}"}"#,
        ])
        let t = try ArgumentTemplate.parse("<{{$.inputs.parameters['x']}}|{{$}}>")
        #expect(try t.render(with: r) == [#"<{{$.inputs.parameters['y']}}|{"v": "{{$.inputs.parameters['y']}}"}>"#])
    }

    @Test func missingValueIsAnError() throws {
        let t = try ArgumentTemplate.parse("--q={{$.inputs.parameters['q']}}")
        #expect(throws: PlaceholderResolutionError("no value for {{$.inputs.parameters['q']}}")) {
            try t.render(with: Self.withOpt)
        }
    }

    @Test func jsonEscapeOnceAndTwice() throws {
        let input = #"{"a": "x\"y", "p": "C:\\d"}"# + "\n"
        #expect(Placeholder.jsonEscape(input, times: 0) == input)
        let once = Placeholder.jsonEscape(input, times: 1)
        #expect(once == #"{\"a\": \"x\\\"y\", \"p\": \"C:\\\\d\"}\n"#)
        #expect(Placeholder.jsonEscape(input, times: 2) == Placeholder.jsonEscape(once, times: 1))
        #expect(Placeholder.jsonEscape(input, times: 2) == #"{\\\"a\\\": \\\"x\\\\\\\"y\\\", \\\"p\\\": \\\"C:\\\\\\\\d\\\"}\\n"#)
    }

    @Test func jsonEscapedPayloadDecodesBackToExecutorInput() throws {
        let executorInput = #"{"inputs":{"parameterValues":{"msg":"say \"hi\"\n"}}}"#
        let r = FakePlaceholderResolver(values: ["{{$}}": executorInput])
        let arg = try ArgumentTemplate.parse(#"{"args": ["--executor_input={{$.json_escape[1]}}"]}"#)
        let rendered = try arg.render(with: r)
        let decoded = try JSONValue.parse(rendered[0])
        #expect(decoded["args"]?.arrayValue?.first?.stringValue == "--executor_input=" + executorInput)
        // Level 2: a JSON string holding a JSON payload that itself holds the executor input.
        let nested = try ArgumentTemplate.parse(#"{"payload": "{\"args\": [\"{{$.json_escape[2]}}\"]}"}"#)
        let outer = try JSONValue.parse(try nested.render(with: r)[0])
        let inner = try JSONValue.parse(outer["payload"]!.stringValue!)
        #expect(inner["args"]?.arrayValue?.first?.stringValue == executorInput)
    }
}

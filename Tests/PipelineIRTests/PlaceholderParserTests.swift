import Testing
@testable import PipelineIR

/// A one-placeholder template argument.
private func ph(_ p: Placeholder) -> ArgumentTemplate { .string(TemplateString(parts: [.placeholder(p)])) }
/// A plain-text template argument.
private func lit(_ s: String) -> ArgumentTemplate { .string(TemplateString(text: s)) }

@Suite struct PlaceholderParserTests {
    /// ph.yaml `exec-cc` args (YAML-decoded) with the expected structure; list.yaml's three added.
    static let execCC: [(String, ArgumentTemplate)] = [
        (#"{{$.inputs.artifacts['in_ds'].path}}"#, ph(.inputArtifactPath("in_ds"))),
        (#"{{$.inputs.artifacts['in_ds'].uri}}"#, ph(.inputArtifactURI("in_ds"))),
        (#"{{$.inputs.artifacts['in_ds'].metadata}}"#, ph(.inputArtifactMetadata("in_ds", key: nil))),
        (#"{{$.outputs.artifacts['out_model'].path}}"#, ph(.outputArtifactPath("out_model"))),
        (#"{{$.outputs.artifacts['out_model'].uri}}"#, ph(.outputArtifactURI("out_model"))),
        (#"{{$.outputs.artifacts['out_model'].metadata}}"#, ph(.outputArtifactMetadata("out_model", key: nil))),
        (#"{{$.inputs.parameters['p']}}"#, ph(.inputParameter("p"))),
        (#"{{$.inputs.parameters['n']}}"#, ph(.inputParameter("n"))),
        (#"{{$.outputs.parameters['outp'].output_file}}"#, ph(.outputParameterFile("outp"))),
        (#"{"Concat": ["--p=", "{{$.inputs.parameters['p']}}", "-", "{{$.inputs.parameters['n']}}"]}"#,
         .concat([lit("--p="), ph(.inputParameter("p")), lit("-"), ph(.inputParameter("n"))])),
        (#"{"IfPresent": {"InputName": "opt", "Then": ["--opt", "{{$.inputs.parameters['opt']}}"], "Else": ["--no-opt"]}}"#,
         .ifPresent(inputName: "opt", then: [lit("--opt"), ph(.inputParameter("opt"))], otherwise: [lit("--no-opt")])),
        (#"{"IfPresent": {"InputName": "opt", "Then": {"Concat": ["--o=", "{{$.inputs.parameters['opt']}}"]}}}"#,
         .ifPresent(inputName: "opt", then: [.concat([lit("--o="), ph(.inputParameter("opt"))])], otherwise: nil)),
        (#"{{$.pipeline_job_name}}"#, ph(.pipelineJobName)),
        (#"{{$.pipeline_job_resource_name}}"#, ph(.pipelineJobResourceName)),
        (#"{{$.pipeline_job_uuid}}"#, ph(.pipelineJobUUID)),
        (#"{{$.pipeline_task_name}}"#, ph(.pipelineTaskName)),
        (#"{{$.pipeline_task_uuid}}"#, ph(.pipelineTaskUUID)),
        (#"{{$.pipeline_job_create_time_utc}}"#, ph(.pipelineJobCreateTimeUTC)),
        (#"{{$.pipeline_job_schedule_time_utc}}"#, ph(.pipelineJobScheduleTimeUTC)),
        (#"{{$.pipeline_root}}"#, ph(.pipelineRoot)),
        (#"{{$.inputs.artifacts['lst']}}"#, ph(.inputArtifactList("lst"))),
        (#"{{$.inputs.artifacts['meta'].metadata['k']}}"#, ph(.inputArtifactMetadata("meta", key: "k"))),
        (#"{{$.workspace_path}}"#, ph(.workspacePath)),
    ]

    @Test(arguments: 0..<execCC.count)
    func execCCArgumentParses(_ i: Int) throws {
        let (text, expected) = Self.execCC[i]
        let parsed = try ArgumentTemplate.parse(text)
        #expect(parsed == expected)
        #expect(try ArgumentTemplate.parse(parsed.description) == expected)  // description round-trips
    }

    @Test func otherPlaceholdersAndText() throws {
        #expect(try TemplateString.parse("{{$}}").parts == [.placeholder(.executorInput)])
        #expect(try TemplateString.parse("{{$.json_escape[2]}}").placeholders == [.jsonEscapedExecutorInput(times: 2)])
        #expect(try TemplateString.parse("{{$.outputs.output_file}}").placeholders == [.outputMetadataFile])
        #expect(try TemplateString.parse(#"{{$.outputs.artifacts["o"].metadata["a b"]}}"#).placeholders
            == [.outputArtifactMetadata("o", key: "a b")])
        #expect(try TemplateString.parse("{{$.outputs.artifacts['all']}}").placeholders == [.outputArtifactList("all")])
        let mixed = try TemplateString.parse("a={{$.inputs.parameters['x']}}{{ b }}{{$x}}")
        #expect(mixed.parts == [.text("a="), .placeholder(.inputParameter("x")), .text("{{ b }}{{$x}}")])
        #expect(try TemplateString.parse("").parts.isEmpty)
        #expect(try ArgumentTemplate.parse(#"{"key": "value"}"#) == lit(#"{"key": "value"}"#))
        #expect(try ArgumentTemplate.parse(#"  { "Concat" : ["a", {"Concat": ["b"]}]}"#)
            == .concat([lit("a"), .concat([lit("b")])]))
        #expect(try ArgumentTemplate.parse(#"{"IfPresent": {"InputName": "x", "Then": "--x", "Else": null}}"#)
            == .ifPresent(inputName: "x", then: [lit("--x")], otherwise: nil))
    }

    @Test(arguments: [
        ("pre {{$.inputs.parameters['x']", "unterminated placeholder '{{$.inputs.parameters['x']' (missing '}}')"),
        ("{{$.foo}} and more", "unknown placeholder '{{$.foo}}'"),
        ("{{$.inputs.parameters['x'].json_escape[0]}}", "unknown placeholder '{{$.inputs.parameters['x'].json_escape[0]}}'"),
        ("{{$.inputs.parameters[x]}}", "unknown placeholder '{{$.inputs.parameters[x]}}'"),
        ("{{$.outputs.parameters['y']}}", "unknown placeholder '{{$.outputs.parameters['y']}}'"),
        ("{{$.json_escape[99]}}", "json_escape depth 99 is too large (at most 8)"),
        (#"{"Concat": ["a", }"#, "invalid JSON in Concat argument: invalid value"),
        (#"{"Concat": "a"}"#, "'Concat' must be a list, found string"),
        (#"{"Concat": ["a", 3]}"#, "Concat item must be a string or a Concat/IfPresent object, found number"),
        (#"{"Concat": [{"IfPresnt": {"InputName": "x"}}]}"#, "unknown key 'IfPresnt' in Concat item (expected 'Concat' or 'IfPresent')"),
        (#"{"IfPresnt": {"InputName": "x", "Then": ["a"]}}"#, "unknown key 'IfPresnt' in argument (did you mean 'IfPresent'?)"),
        (#"{"IfPresent": {"Then": ["a"]}}"#, "IfPresent has no 'InputName'"),
        (#"{"IfPresent": {"InputName": 3}}"#, "IfPresent 'InputName' must be a non-empty string, found number"),
        (#"{"IfPresent": {"InputName": "x", "Than": ["a"]}}"#, "unknown key 'Than' in IfPresent (expected 'InputName', 'Then', 'Else')"),
        (#"{"IfPresent": {"InputName": "x", "Then": [true]}}"#, "IfPresent 'Then' item must be a string or a Concat/IfPresent object, found bool"),
        (#"{"IfPresent": ["x"]}"#, "'IfPresent' must be an object, found list"),
        (#"{"Concat": ["{{$.nope}}"]}"#, "unknown placeholder '{{$.nope}}' in Concat item"),
    ])
    func malformedArgumentIsAnError(_ text: String, _ message: String) {
        #expect(throws: PlaceholderSyntaxError.self) { try ArgumentTemplate.parse(text) }
        do {
            _ = try ArgumentTemplate.parse(text)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func errorOffsetAndLenientMode() throws {
        #expect(throws: PlaceholderSyntaxError("unknown placeholder '{{$.foo}}'", offset: 4)) {
            try TemplateString.parse("abc {{$.foo}}")
        }
        let lenient = try TemplateString.parse("{{$.foo}}{{$.inputs.parameters['k']}}{{$.x", allowingUnknown: true)
        #expect(lenient.parts == [.text("{{$.foo}}"), .placeholder(.inputParameter("k")), .text("{{$.x")])
    }

    @Test func referencesAndClusterSupport() throws {
        let templates = try Self.execCC.map { try ArgumentTemplate.parse($0.0) }
        let refs = PlaceholderReferences(templates)
        #expect(refs.inputParameters == ["p", "n", "opt"])
        #expect(refs.inputArtifacts == ["in_ds", "lst", "meta"])
        #expect(refs.outputParameters == ["outp"])
        #expect(refs.outputArtifacts == ["out_model"])
        #expect(refs.presenceTests == ["opt"])
        let unsupported = templates.flatMap(\.clusterUnsupportedConstructs)
        #expect(unsupported.contains("Concat") && unsupported.contains("Concat inside IfPresent"))
        #expect(unsupported.contains("{{$.pipeline_root}}") && unsupported.contains("{{$.workspace_path}}"))
        #expect(unsupported.contains("{{$.inputs.artifacts['meta'].metadata['k']}}"))
        #expect(templates[0].clusterUnsupportedConstructs.isEmpty)
        #expect(templates[10].clusterUnsupportedConstructs.isEmpty)  // IfPresent with string branches
        #expect(Placeholder.outputParameterFile("y").isSupportedOnCluster)
        #expect(!Placeholder.outputMetadataFile.isSupportedOnCluster)
    }
}

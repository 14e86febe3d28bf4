import Basics
import PipelineIR
import Planner
import Testing

@Suite struct InvocationInputValuesTests {
    static let job = JobInfo(jobName: "job", jobResourceName: "job-abc", jobUUID: "u-1", taskName: "echo-2", taskUUID: "7",
                             createTimeUTC: "2026-01-02T03:04:05Z", pipelineRoot: "/work/root", workspacePath: "/kfp-workspace")

    @Test func fStringsUseTextFormsRecursivelyInOnePass() {
        let values: [String: JSONValue] = [
            "msg": "prefix-{{$.inputs.parameters['pipelinechannel--p']}}-{{$.inputs.parameters[\"pipelinechannel--n\"]}}-suffix",
            "nested": ["a {{$.inputs.parameters['pipelinechannel--l']}}", ["k": "{{$.inputs.parameters['pipelinechannel--f']}}"], 3],
            "unknown": "{{$.inputs.parameters['nope']}} and {{$.pipeline_job_name}}",
            "self": "{{$.inputs.parameters['msg']}}",
            "pipelinechannel--p": "P", "pipelinechannel--n": 3, "pipelinechannel--f": 0.25,
            "pipelinechannel--l": ["x", ["b": true, "a": nil]],
        ]
        let result = InputValues.substituteFStrings(values)
        #expect(result["msg"] == "prefix-P-3-suffix")
        #expect(result["nested"] == [#"a ["x",{"a":null,"b":true}]"#, ["k": "0.25"], 3])
        #expect(result["unknown"] == "{{$.inputs.parameters['nope']}} and {{$.pipeline_job_name}}")
        // Single pass: a reference sees the original (unsubstituted) value.
        #expect(result["self"] == values["msg"])
        #expect(result["pipelinechannel--n"] == 3)
    }

    @Test func fStringsOnlyInTheNamedInputs() {
        let values: [String: JSONValue] = ["a": "{{$.inputs.parameters['b']}}", "c": "{{$.inputs.parameters['b']}}", "b": "B"]
        let result = InputValues.substituteFStrings(values, in: ["a"])
        #expect(result == ["a": "B", "c": "{{$.inputs.parameters['b']}}", "b": "B"])
    }

    @Test func jobPlaceholdersExactMatchLikeTheCluster() {
        let cases: [(String, String)] = [
            ("{{$.pipeline_job_name}}", "job"), ("{{$.pipeline_job_resource_name}}", "job-abc"),
            ("{{$.pipeline_job_uuid}}", "u-1"), ("{{$.pipeline_task_name}}", "echo-2"), ("{{$.pipeline_task_uuid}}", "7"),
            ("{{$.pipeline_job_create_time_utc}}", "2026-01-02T03:04:05Z"),
            ("{{$.pipeline_job_schedule_time_utc}}", "2026-01-02T03:04:05Z"),
            ("{{$.workspace_path}}/data", "/kfp-workspace/data"), ("plain", "plain"),
        ]
        for (input, expected) in cases {
            let (value, diverges) = InputValues.substituteJobPlaceholders(in: .string(input), job: Self.job)
            #expect(value == .string(expected), "\(input)")
            #expect(!diverges, "\(input)")
        }
    }

    @Test func jobPlaceholdersInsideTextAreALocalExtension() {
        let (value, diverges) = InputValues.substituteJobPlaceholders(
            in: "{{$.pipeline_job_create_time_utc}}-suffix {{$.inputs.parameters['x']}}", job: Self.job)
        #expect(value == "2026-01-02T03:04:05Z-suffix {{$.inputs.parameters['x']}}")
        #expect(diverges)
        let root = InputValues.substituteJobPlaceholders(in: "{{$.pipeline_root}}", job: Self.job)
        #expect(root.value == "/work/root")
        #expect(root.divergesFromCluster)
        let list = InputValues.substituteJobPlaceholders(in: ["{{$.pipeline_job_name}}"], job: Self.job)
        #expect(list.value == ["{{$.pipeline_job_name}}"])
        #expect(!list.divergesFromCluster)
    }

    static let declared: [String: ParameterSpec] = [
        "s": ParameterSpec(parameterType: .string),
        "n": ParameterSpec(parameterType: .numberInteger),
        "d": ParameterSpec(parameterType: .numberDouble, defaultValue: 0.5, isOptional: true),
        "b": ParameterSpec(parameterType: .boolean, isOptional: true),
        "l": ParameterSpec(parameterType: .list, isOptional: true),
        "m": ParameterSpec(parameterType: .struct, isOptional: true),
        "color": ParameterSpec(parameterType: .string, isOptional: true, literals: ["red", "blue"]),
    ]

    @Test func coercionToStringAndKindChecks() throws {
        let result = try InputValues.coerce(
            ["s": ["z": 1, "a": [1.5, true]], "n": 2.5, "b": false, "l": [], "m": [:], "pipelinechannel--x": 1, "color": "red"],
            to: Self.declared)
        #expect(result == ["s": #"{"a":[1.5,true],"z":1}"#, "n": 2.5, "b": false, "l": [], "m": [:],
                           "pipelinechannel--x": 1, "color": "red"])
        #expect(try InputValues.coerce(["s": 3, "n": 1], to: Self.declared)["s"] == "3")
        #expect(try InputValues.coerce(["s": true, "n": 1], to: Self.declared)["s"] == "true")
    }

    @Test func coercionErrors() {
        #expect(throws: InvocationError(#"input 'n' expects NUMBER_INTEGER, got a string "abc""#)) {
            try InputValues.coerce(["s": "x", "n": "abc"], to: Self.declared)
        }
        #expect(throws: InvocationError("input 'l' expects LIST, got a struct {\"a\":1}")) {
            try InputValues.coerce(["s": "x", "n": 1, "l": ["a": 1]], to: Self.declared)
        }
        #expect(throws: InvocationError("input 'b' expects BOOLEAN, got a string \"true\"")) {
            try InputValues.coerce(["s": "x", "n": 1, "b": "true"], to: Self.declared)
        }
        #expect(throws: InvocationError("input 'n' expects NUMBER_INTEGER, got null")) {
            try InputValues.coerce(["s": "x", "n": nil], to: Self.declared)
        }
        #expect(throws: InvocationError("input 'n' (NUMBER_INTEGER) has no value and no default")) {
            try InputValues.coerce(["s": "x"], to: Self.declared)
        }
        #expect(throws: InvocationError(#"input 'color' must be one of "red", "blue", got a string "green""#)) {
            try InputValues.coerce(["s": "x", "n": 1, "color": "green"], to: Self.declared)
        }
    }

    @Test func nullAllowedForOptionalAndMissingOptionalStaysAbsent() throws {
        let result = try InputValues.coerce(["s": "x", "n": 1, "b": nil], to: Self.declared)
        #expect(result == ["s": "x", "n": 1, "b": nil])
    }
}

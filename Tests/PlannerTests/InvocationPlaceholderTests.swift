import Basics
import PipelineIR
import Planner
import Testing

/// Every placeholder against a hand-built component.
@Suite struct InvocationPlaceholderTests {
    static let dir = "/work/tasks/t1"
    static let dataset = ArtifactTypeSchema(schemaTitle: "system.Dataset", schemaVersion: "0.0.1")

    static var component: ComponentSpec {
        ComponentSpec(
            inputDefinitions: InterfaceSpec(
                parameters: [
                    "p": ParameterSpec(parameterType: .string),
                    "n": ParameterSpec(parameterType: .numberInteger, defaultValue: 5, isOptional: true),
                    "opt": ParameterSpec(parameterType: .string, isOptional: true),
                    "cfg": ParameterSpec(parameterType: .struct, isOptional: true),
                ],
                artifacts: [
                    "in_ds": ArtifactSpec(artifactType: dataset),
                    "lst": ArtifactSpec(artifactType: dataset, isArtifactList: true),
                    "maybe": ArtifactSpec(artifactType: dataset, isOptional: true),
                ]),
            outputDefinitions: InterfaceSpec(
                parameters: ["outp": ParameterSpec(parameterType: .string)],
                artifacts: ["model": ArtifactSpec(artifactType: ArtifactTypeSchema(schemaTitle: "system.Model"),
                                                  metadata: ["stage": "draft"])]),
            implementation: .executorLabel("exec-x"))
    }

    static func artifact(_ id: String, metadata: [String: JSONValue] = [:]) -> RuntimeArtifact {
        RuntimeArtifact(id: id, type: dataset, uri: "/work/store/\(id)", metadata: metadata)
    }

    static func invocation(args: [String], parameters: [String: JSONValue] = ["p": "pp", "cfg": ["b": 1, "a": [true]]],
                           artifacts: [String: [RuntimeArtifact]]? = nil, workspace: String? = "/work/ws") throws -> TaskInvocation {
        let job = JobInfo(jobName: "job", jobResourceName: "job-abc", jobUUID: "u-1", taskName: "t", taskUUID: "7",
                          createTimeUTC: "2026-01-02T03:04:05Z", scheduleTimeUTC: "2026-01-01T00:00:00Z",
                          pipelineRoot: "/work/root", workspacePath: workspace)
        let inputArtifacts = artifacts ?? [
            "in_ds": [artifact("1", metadata: ["rows": 3, "name": "d"])],
            "lst": [artifact("2"), artifact("3")],
        ]
        return try TaskInvocation(component: component, container: PipelineContainerSpec(image: "img", command: ["run"], args: args),
                                  inputs: TaskInputs(parameters: parameters, artifacts: inputArtifacts),
                                  taskDirectory: dir + "/", job: job)
    }

    static func render(_ args: [String]) throws -> [String] {
        Array(try invocation(args: args).commandLine().dropFirst())
    }

    @Test func parametersArtifactsAndOutputs() throws {
        #expect(try Self.render([
            "{{$.inputs.parameters['p']}}", "n={{$.inputs.parameters['n']}}", "{{$.inputs.parameters['cfg']}}",
            "{{$.inputs.artifacts['in_ds'].uri}}", "{{$.inputs.artifacts['in_ds'].path}}",
            "{{$.inputs.artifacts['in_ds'].metadata}}", "{{$.inputs.artifacts['in_ds'].metadata['rows']}}",
            "{{$.outputs.artifacts['model'].path}}", "{{$.outputs.artifacts['model'].metadata}}",
            "{{$.outputs.parameters['outp'].output_file}}", "{{$.outputs.output_file}}",
        ]) == [
            "pp", "n=5", #"{"a":[true],"b":1}"#,
            "/work/store/1", "/work/store/1", #"{"name":"d","rows":3}"#, "3",
            "\(Self.dir)/model", #"{"stage":"draft"}"#,
            "\(Self.dir)/outputs/parameters/outp", "\(Self.dir)/executor_output.json",
        ])
    }

    /// A bare input-artifact placeholder stays literal, as the launcher leaves it (backend/src/v2/component/
    /// launcher_v2.go, `getPlaceholders`: only `.uri`/`.path`); kfp.local writes JSON. A bare output one is resolved.
    @Test func listOfArtifactsPlaceholders() throws {
        let out = try Self.render(["{{$.inputs.artifacts['lst']}}", "{{$.outputs.artifacts['model']}}"])
        #expect(out[0] == "{{$.inputs.artifacts['lst']}}")
        #expect(try JSONValue.parse(out[1]) == ["artifacts": [[
            "name": "model", "type": ["schemaTitle": "system.Model"], "uri": .string("\(Self.dir)/model"),
            "metadata": ["stage": "draft"],
        ]]])
    }

    @Test func jobPlaceholdersPipelineRootAndWorkspace() throws {
        #expect(try Self.render([
            "{{$.pipeline_job_name}}", "{{$.pipeline_job_resource_name}}", "{{$.pipeline_job_uuid}}",
            "{{$.pipeline_task_name}}", "{{$.pipeline_task_uuid}}", "{{$.pipeline_job_create_time_utc}}",
            "{{$.pipeline_job_schedule_time_utc}}", "{{$.pipeline_root}}/x", "{{$.workspace_path}}",
        ]) == ["job", "job-abc", "u-1", "t", "7", "2026-01-02T03:04:05Z", "2026-01-01T00:00:00Z", "/work/root/x", "/work/ws"])
    }

    @Test func executorInputAndJSONEscape() throws {
        let invocation = try Self.invocation(args: [#"{"payload": "{{$.json_escape[1]}}"}"#, "{{$}}"])
        let argv = try invocation.commandLine()
        let payload = try JSONValue.parse(argv[1])
        #expect(payload["payload"] == .string(invocation.executorInput.canonicalJSON))
        #expect(argv[2] == invocation.executorInput.canonicalJSON)
        #expect(invocation.clusterDivergences == ["{{$.json_escape[1]}}"])
    }

    @Test func ifPresentCountsDefaultsAndArtifacts() throws {
        let ifPresent = { (name: String) in
            #"{"IfPresent": {"InputName": "\#(name)", "Then": ["yes-\#(name)"], "Else": ["no-\#(name)"]}}"#
        }
        #expect(try Self.render(["n", "opt", "in_ds", "maybe", "lst"].map(ifPresent))
            == ["yes-n", "no-opt", "yes-in_ds", "no-maybe", "yes-lst"])
        // An explicit null counts as absent.
        let withNull = try Self.invocation(args: [ifPresent("opt")], parameters: ["p": "x", "opt": nil])
        #expect(try withNull.commandLine() == ["run", "no-opt"])
        #expect(withNull.parameterValues["opt"] == nil)
        // An empty artifact list counts as absent.
        let empty = try Self.invocation(args: [ifPresent("maybe")], artifacts: ["maybe": []])
        #expect(try empty.commandLine() == ["run", "no-maybe"])
    }

    @Test func missingAndNullParametersAreErrors() throws {
        let missing = try Self.invocation(args: ["{{$.inputs.parameters['opt']}}"])
        #expect(throws: InvocationError("cannot build the command line: input parameter 'opt' has no value (it was not passed and has no default)")) {
            try missing.commandLine()
        }
        let null = try Self.invocation(args: ["{{$.inputs.parameters['q']}}"], parameters: ["p": "x", "q": nil])
        #expect(throws: InvocationError("cannot build the command line: input parameter 'q' is null, which has no text form")) {
            try null.commandLine()
        }
        let noArtifact = try Self.invocation(args: ["{{$.inputs.artifacts['maybe'].path}}"])
        #expect(throws: InvocationError("cannot build the command line: input artifact 'maybe' has no artifact")) {
            try noArtifact.commandLine()
        }
        let noKey = try Self.invocation(args: ["{{$.inputs.artifacts['in_ds'].metadata['zzz']}}"])
        #expect(throws: InvocationError("cannot build the command line: input artifact 'in_ds' has no metadata key 'zzz'")) {
            try noKey.commandLine()
        }
        let noWorkspace = try Self.invocation(args: ["{{$.workspace_path}}"], workspace: nil)
        #expect(throws: InvocationError.self) { try noWorkspace.commandLine() }
    }

    @Test func malformedTemplatesAndEmptyCommandLines() throws {
        #expect(throws: InvocationError("invalid placeholder in container args[1]: unknown placeholder '{{$.nope}}' (at offset 0)")) {
            try Self.invocation(args: ["ok", "{{$.nope}}"])
        }
        let invocation = try TaskInvocation(
            component: Self.component, container: PipelineContainerSpec(image: "img"),
            inputs: TaskInputs(parameters: ["p": "x"]), taskDirectory: Self.dir, job: JobInfo(
                jobName: "j", jobResourceName: "j", jobUUID: "u", taskName: "t", taskUUID: "1",
                createTimeUTC: "c", pipelineRoot: "/r"))
        #expect(throws: InvocationError("the container has nothing to run: its command and args are empty")) {
            try invocation.commandLine()
        }
    }

    @Test func dynamicImage() throws {
        var container = PipelineContainerSpec(image: "{{$.inputs.parameters['pipelinechannel--image']}}", command: ["x"])
        let job = JobInfo(jobName: "j", jobResourceName: "j", jobUUID: "u", taskName: "t", taskUUID: "1",
                          createTimeUTC: "c", pipelineRoot: "/r")
        let invocation = try TaskInvocation(component: Self.component, container: container,
                                            inputs: TaskInputs(parameters: ["p": "x", "pipelinechannel--image": "alpine:3"]),
                                            taskDirectory: Self.dir, job: job)
        #expect(try invocation.image() == "alpine:3")
        container.image = "busybox"
        #expect(try TaskInvocation(component: Self.component, container: container, inputs: TaskInputs(),
                                   taskDirectory: Self.dir, job: job).image() == "busybox")
    }

    @Test func unsafeOutputNamesAndTaskDirectoriesAreRejected() throws {
        let job = JobInfo(jobName: "j", jobResourceName: "j", jobUUID: "u", taskName: "t", taskUUID: "1",
                          createTimeUTC: "c", pipelineRoot: "/r")
        let container = PipelineContainerSpec(image: "img", command: ["x"])
        for name in ["../evil", "a/b", "..", "outputs", "executor_output.json", ""] {
            let component = ComponentSpec(outputDefinitions: InterfaceSpec(artifacts: [name: ArtifactSpec(artifactType: .artifact)]),
                                          implementation: .executorLabel("e"))
            #expect(throws: InvocationError.self) {
                try TaskInvocation(component: component, container: container, inputs: TaskInputs(), taskDirectory: Self.dir, job: job)
            }
        }
        let badParameter = ComponentSpec(outputDefinitions: InterfaceSpec(parameters: ["x/../../y": ParameterSpec(parameterType: .string)]),
                                         implementation: .executorLabel("e"))
        #expect(throws: InvocationError.self) {
            try TaskInvocation(component: badParameter, container: container, inputs: TaskInputs(), taskDirectory: Self.dir, job: job)
        }
        for dir in ["relative/dir", "/", "/a/.."] {
            #expect(throws: InvocationError.self) {
                try TaskInvocation(component: Self.component, container: container, inputs: TaskInputs(), taskDirectory: dir, job: job)
            }
        }
    }

    @Test func taskDirectoryIsNormalised() throws {
        let invocation = try Self.invocation(args: ["{{$.outputs.output_file}}"])
        #expect(invocation.layout.taskDirectory == Self.dir)
        #expect(try invocation.commandLine() == ["run", "\(Self.dir)/executor_output.json"])
        #expect(invocation.outputDirectories == [Self.dir, "\(Self.dir)/outputs/parameters"])
    }
}

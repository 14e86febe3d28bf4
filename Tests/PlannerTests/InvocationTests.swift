import Basics
import Foundation
import PipelineIR
import Planner
import Testing

/// Loads the compiled examples and builds invocations for their root tasks the way the engine will:
/// bind inputs, substitute job placeholders and f-strings in constants, coerce, then invoke.
enum InvocationFixture {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let taskDir = "/tmp/tarmac-test/run-1/task"

    static func load(_ example: String) throws -> PipelineSpec {
        let path = root.appendingPathComponent("examples/\(example)/pipeline.yaml").path
        return try PipelineSpec.load(try String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    static func job(task: String) -> JobInfo {
        JobInfo(jobName: "my-run", jobResourceName: "my-run-x7k2q", jobUUID: "0f7c-uuid", taskName: task,
                taskUUID: "42", createTimeUTC: "2026-08-22T10:11:12Z", pipelineRoot: "/tmp/tarmac-test/root")
    }

    /// The container of `component`.
    static func container(_ spec: PipelineSpec, _ component: ComponentSpec) throws -> PipelineContainerSpec {
        guard case .container(let container)? = spec.executor(of: component) else {
            throw InvocationError("not a container component")
        }
        return container
    }

    /// An invocation of root task `key`; `parameters` override run parameters, `upstream` holds
    /// `"producer.output"` values, `artifacts` the input artifacts.
    static func invocation(_ spec: PipelineSpec, task key: String, parameters: [String: JSONValue] = [:],
                           upstream: [String: JSONValue] = [:], artifacts: [String: [RuntimeArtifact]] = [:],
                           job: JobInfo? = nil) throws -> TaskInvocation {
        let task = try #require(spec.rootDag.tasks[key])
        let component = try #require(spec.component(of: task))
        let run = try RunParameters.resolve(parameters.mapValues { ($0, .option("--param")) }, for: spec).values
        let job = job ?? self.job(task: key)
        var values: [String: JSONValue] = [:]
        var constants: Set<String> = []
        for (name, binding) in task.inputs.parameters {
            switch binding.source {
            case .componentInputParameter(let parent):
                let value = try #require(run[parent])
                if value.isNull, component.inputDefinitions.parameters[name]?.isOptional == true { continue }
                values[name] = value
            case .runtimeValue(let constant):
                values[name] = InputValues.substituteJobPlaceholders(in: constant, job: job).value
                constants.insert(name)
            case .taskOutputParameter(let producer, let output):
                guard let value = upstream["\(producer).\(output)"] else {
                    throw InvocationError("test fixture: no upstream value \(producer).\(output)")
                }
                values[name] = value
            case .taskFinalStatus:
                Issue.record("unexpected final status input")
            }
        }
        values = InputValues.substituteFStrings(values, in: constants)
        values = try InputValues.coerce(values, to: component.inputDefinitions.parameters)
        return try TaskInvocation(component: component, container: try container(spec, component),
                                  inputs: TaskInputs(parameters: values, artifacts: artifacts),
                                  taskDirectory: taskDir, job: job)
    }

    static func artifact(_ id: String, _ title: String, metadata: [String: JSONValue] = [:]) -> RuntimeArtifact {
        RuntimeArtifact(id: id, name: "out", type: ArtifactTypeSchema(schemaTitle: title, schemaVersion: "0.0.1"),
                        uri: "/tmp/tarmac-test/run-1/producer/\(id)", metadata: metadata)
    }
}

@Suite struct InvocationShellExampleTests {
    let spec: PipelineSpec
    let dir = InvocationFixture.taskDir

    init() throws { spec = try InvocationFixture.load("01-shell-components") }

    /// The argv after the component's fixed `command` (sh -c SCRIPT NAME).
    func args(_ invocation: TaskInvocation) throws -> [String] {
        let argv = try invocation.commandLine()
        #expect(Array(argv.prefix(invocation.container.command.count)) == invocation.container.command)
        return Array(argv.dropFirst(invocation.container.command.count))
    }

    @Test func concatAndIfPresentWithOptionalInputPresent() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "render-banner")
        #expect(try args(invocation) == [
            "\(dir)/banner", "--title=Tarmac shell demo [width 40]", "--subtitle", "made with sh and printf",
        ])
        #expect(invocation.clusterDivergences == ["Concat", "Concat inside IfPresent"])
    }

    @Test func ifPresentWithOptionalInputsAbsent() throws {
        // footer is an optional run parameter without default (null): not passed, so no --footer;
        // subtitle is not bound at all: the Else branch.
        let invocation = try InvocationFixture.invocation(spec, task: "render-banner-2")
        #expect(invocation.parameterValues["footer"] == nil)
        #expect(try args(invocation) == ["\(dir)/banner", "--title=second banner [width 20]", "--no-subtitle"])
    }

    @Test func ifPresentThenConcat() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "render-banner-2", parameters: ["footer": "the end"])
        #expect(try args(invocation) == [
            "\(dir)/banner", "--title=second banner [width 20]", "--no-subtitle", "--footer=the end",
        ])
    }

    @Test func outputParameterFileAndDirectories() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "write-lines", parameters: ["repeat": 2])
        #expect(try args(invocation) == [
            "hello from busybox", "2", "\(dir)/lines", "\(dir)/outputs/parameters/line_count",
        ])
        #expect(invocation.outputDirectories == [dir, "\(dir)/outputs/parameters"])
        #expect(invocation.clusterDivergences.isEmpty)
    }

    @Test func inputArtifactPathsAreTheirURIs() throws {
        let a = InvocationFixture.artifact("11", "system.Markdown")
        let b = InvocationFixture.artifact("12", "system.Markdown")
        let loud = InvocationFixture.artifact("13", "system.Dataset")
        let invocation = try InvocationFixture.invocation(
            spec, task: "assemble-report", upstream: ["write-lines.line_count": 3],
            artifacts: ["banner_a": [a], "banner_b": [b], "loud": [loud]])
        #expect(try args(invocation) == [a.uri, b.uri, loud.uri, "3", "\(dir)/report", "\(dir)/outputs/parameters/summary"])
        #expect(invocation.outputDirectories == [dir, "\(dir)/outputs/parameters"])
    }
}

@Suite struct InvocationPythonExampleTests {
    let spec: PipelineSpec
    let dir = InvocationFixture.taskDir

    init() throws { spec = try InvocationFixture.load("02-python-types") }

    @Test func executorInputFillsDefaultsAndOutputFiles() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "describe-params")
        let expectedParameters: JSONValue = [
            "count": 4, "enabled": true, "options": ["level": 2, "mode": "full"], "ratio": 0.5,
            "suffix": "!", "tags": ["alpha", "beta", "gamma"], "text": "typed values",
        ]
        #expect(invocation.executorInput["inputs"]?["parameterValues"] == expectedParameters)
        let outputs = try #require(invocation.executorInput["outputs"])
        #expect(outputs["outputFile"] == .string("\(dir)/executor_output.json"))
        #expect(outputs["artifacts"] == [:])
        #expect(outputs["parameters"]?.objectValue?.keys.sorted() == ["is_long", "lengths", "scaled", "summary", "total", "upper_tags"])
        #expect(outputs["parameters"]?["total"] == ["outputFile": .string("\(dir)/outputs/parameters/total")])
    }

    @Test func executorInputArgumentIsTheCompactJSON() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "describe-params")
        let argv = try invocation.commandLine()
        let tail = Array(argv.suffix(4))
        #expect(tail[0] == "--executor_input")
        #expect(tail[1] == invocation.executorInput.canonicalJSON)
        #expect(try JSONValue.parse(tail[1]) == invocation.executorInput)
        #expect(Array(tail[2...]) == ["--function_to_execute", "describe_params"])
        #expect(invocation.clusterDivergences.isEmpty)
    }

    @Test func outputArtifactsAreProvisionedInTheTaskDirectory() throws {
        let invocation = try InvocationFixture.invocation(
            spec, task: "produce-artifacts",
            upstream: ["describe-params.summary": "s", "describe-params.total": 9, "describe-params.lengths": ["a": 1]])
        let dataset = invocation.executorInput["outputs"]?["artifacts"]?["dataset"]
        #expect(dataset == ["artifacts": [[
            "name": "dataset", "type": ["schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"],
            "uri": .string("\(dir)/dataset"), "metadata": [:],
        ]]])
        #expect(invocation.outputArtifacts.keys.sorted() == ["blob", "classification", "dataset", "metrics", "model", "notes", "page"])
        #expect(invocation.outputArtifacts["model"]?.uri == "\(dir)/model")
        #expect(invocation.executorInput["outputs"]?["parameters"]?["checksum"] == ["outputFile": .string("\(dir)/outputs/parameters/checksum")])
    }

    @Test func inputArtifactsAreNamedByRecordID() throws {
        let names = ["blob": "system.Artifact", "classification": "system.ClassificationMetrics", "dataset": "system.Dataset",
                     "metrics": "system.Metrics", "model": "system.Model", "notes": "system.Markdown", "page": "system.HTML"]
        var artifacts: [String: [RuntimeArtifact]] = [:]
        for (i, (name, title)) in names.sorted(by: { $0.key < $1.key }).enumerated() {
            artifacts[name] = [InvocationFixture.artifact("\(i + 1)", title, metadata: ["rows": 3])]
        }
        let invocation = try InvocationFixture.invocation(
            spec, task: "consume-artifacts", upstream: ["produce-artifacts.checksum": "abc"], artifacts: artifacts)
        let dataset = invocation.executorInput["inputs"]?["artifacts"]?["dataset"]?["artifacts"]?.arrayValue?.first
        #expect(dataset == [
            "name": "3", "type": ["schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"],
            "uri": "/tmp/tarmac-test/run-1/producer/3", "metadata": ["rows": 3],
        ])
        #expect(invocation.executorInput["inputs"]?["parameterValues"] == ["checksum": "abc"])
    }

    @Test func optionalParameterWithoutDefaultStaysAbsent() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "copy-with-paths",
                                                          artifacts: ["source": [InvocationFixture.artifact("5", "system.Dataset")]])
        #expect(invocation.executorInput["inputs"]?["parameterValues"] == [:])
    }
}

@Suite struct InvocationPlaceholderExampleTests {
    let spec: PipelineSpec
    let dir = InvocationFixture.taskDir

    init() throws { spec = try InvocationFixture.load("12-placeholders") }

    @Test func fStringsAndJobPlaceholdersInConstants() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "greet", upstream: ["pick-word.Output": "world"])
        let values = invocation.parameterValues
        #expect(values["message"] == "Hello, world!")
        #expect(values["job_name"] == "my-run")
        #expect(values["task_name"] == "greet")
        #expect(values["created"] == "2026-08-22T10:11:12Z")
        // Injected channel inputs travel in the executor input too (§4.4).
        #expect(values["pipelinechannel--greeting"] == "Hello")
        #expect(values["pipelinechannel--pick-word-Output"] == "world")
        #expect(invocation.executorInput["inputs"]?["parameterValues"] == .object(values))
    }

    @Test func jobPlaceholdersInArgsResolveAndAreReported() throws {
        let invocation = try InvocationFixture.invocation(spec, task: "run-info", parameters: ["greeting": "Hi"])
        let argv = try invocation.commandLine()
        #expect(Array(argv.suffix(4)) == ["\(dir)/info", "after Hi", "my-run", "run-info"])
        #expect(invocation.clusterDivergences == ["{{$.pipeline_job_name}}", "{{$.pipeline_task_name}}"])
    }
}

@Suite struct TaskLayoutPathTests {
    @Test("normalize: paths already normal come back unchanged; others lose empty, '.' and '..' segments")
    func normalize() {
        let cases: [(String, String?)] = [
            ("/a/b", "/a/b"), ("/a/.hidden/b...", "/a/.hidden/b..."), ("/a/...", "/a/..."), ("/", "/"),
            ("/a//b", "/a/b"), ("//a", "/a"), ("/a/./b", "/a/b"), ("/a/../b", "/b"), ("/a/b/..", "/a"), ("/a/", "/a"),
            ("/a/.", "/a"), ("/..", "/"), ("/../../x", "/x"), ("a/b", nil), ("", nil), ("/a\u{0}b", nil),
        ]
        for (path, expected) in cases { #expect(TaskLayout.normalize(path) == expected, "\(path)") }
    }

    @Test("output names that would collide with Tarmac's files in the task directory are reserved")
    func reservedNames() {
        for name in ["outputs", "executor_output.json", "environment.log", "attempt-0.log", "attempt-12.log"] {
            #expect(TaskLayout.isReserved(name), "\(name)")
        }
        for name in ["model", "attempt-x.log", "attempt-.log", "attempt-0.logs", "my-attempt-0.log", "logs"] {
            #expect(!TaskLayout.isReserved(name), "\(name)")
        }
    }
}

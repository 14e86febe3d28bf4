import Basics
import PipelineIR
import Planner
import Testing

@Suite struct OutputCollectorTests {
    static let dir = "/work/tasks/t1"
    static let collector = try! OutputCollector(layout: TaskLayout(taskDirectory: dir))
    static let model = ArtifactTypeSchema(schemaTitle: "system.Model", schemaVersion: "0.0.1")
    static let metrics = ArtifactTypeSchema(schemaTitle: "system.Metrics", schemaVersion: "0.0.1")

    static let declared = InterfaceSpec(
        parameters: ["Output": ParameterSpec(parameterType: .string), "n": ParameterSpec(parameterType: .numberInteger)],
        artifacts: ["model": ArtifactSpec(artifactType: model), "metrics": ArtifactSpec(artifactType: metrics)])

    static let provisioned: [String: RuntimeArtifact] = [
        "model": RuntimeArtifact(id: "", name: "model", type: model, uri: "\(dir)/model", metadata: ["stage": "draft"]),
        "metrics": RuntimeArtifact(id: "", name: "metrics", type: metrics, uri: "\(dir)/metrics"),
    ]

    static func collect(_ executorOutput: String?, files: [String: String] = [:],
                        declared: InterfaceSpec = declared) throws -> CollectedOutputs {
        try collector.collect(declared: declared, executorOutputText: executorOutput, parameterFiles: files,
                              provisioned: provisioned)
    }

    @Test func executorOutputParametersAndArtifactMetadata() throws {
        let text = #"""
        {"parameterValues": {"Output": "hello", "n": 42},
         "artifacts": {"model":   {"artifacts": [{"name": "model", "uri": "/work/tasks/t1/model", "metadata": {"stage": "final", "acc": 0.9}}]},
                       "metrics": {"artifacts": [{"name": "metrics", "uri": "/work/tasks/t1/metrics", "metadata": {"rows": 3}}]}}}
        """#
        let out = try Self.collect(text)
        #expect(out.parameters == ["Output": "hello", "n": 42])
        #expect(out.artifacts["model"] == RuntimeArtifact(id: "", name: "model", type: Self.model, uri: "\(Self.dir)/model",
                                                          metadata: ["stage": "final", "acc": 0.9]))
        #expect(out.artifacts["metrics"]?.metadata == ["rows": 3])
        #expect(out.warnings.isEmpty)
    }

    @Test func executorOutputWinsOverFilesAndIsNotTypeChecked() throws {
        let out = try Self.collect(#"{"parameterValues": {"n": "seven"}}"#, files: ["n": "7", "Output": "from file\n"])
        #expect(out.parameters == ["n": "seven", "Output": "from file\n"])
        #expect(out.warnings == [#"output parameter 'n' is declared NUMBER_INTEGER but executor_output.json holds a string "seven"; kept as is (the KFP launcher does not check it)"#])
        #expect(out.artifacts == Self.provisioned)
    }

    @Test func parameterFilesParsedByDeclaredType() throws {
        let cases: [(ParameterType, String, JSONValue)] = [
            (.string, "  two words\n", "  two words\n"),
            (.numberInteger, " 42\n", 42), (.numberInteger, "-7", -7), (.numberInteger, "+3", 3),
            (.numberDouble, "0.25\n", 0.25), (.numberDouble, "1e3", 1000), (.numberDouble, "3", 3),
            (.boolean, "True", true), (.boolean, "1", true), (.boolean, "t\n", true), (.boolean, "TRUE", true),
            (.boolean, "False", false), (.boolean, "0", false), (.boolean, "f", false),
            (.list, "[1, \"a\"]", [1, "a"]), (.struct, "{\"k\": [1]}\n", ["k": [1]]),
        ]
        for (type, text, expected) in cases {
            let declared = InterfaceSpec(parameters: ["x": ParameterSpec(parameterType: type)])
            let out = try Self.collect(nil, files: ["x": text], declared: declared)
            #expect(out.parameters["x"] == expected, "\(type) \(text.debugDescription)")
        }
    }

    @Test func unparsableParameterFilesFail() {
        let cases: [(ParameterType, String)] = [
            (.numberInteger, "3.0"), (.numberInteger, "1e3"), (.numberInteger, ""), (.numberInteger, "99999999999999999999"),
            (.numberDouble, "abc"), (.numberDouble, "inf"), (.boolean, "yes"), (.boolean, "tRuE"),
            (.list, "{\"a\": 1}"), (.list, "[1,"), (.struct, "[1]"),
        ]
        for (type, text) in cases {
            let declared = InterfaceSpec(parameters: ["x": ParameterSpec(parameterType: type)])
            #expect(throws: InvocationError.self, "\(type) \(text.debugDescription)") {
                try Self.collect(nil, files: ["x": text], declared: declared)
            }
        }
        let declared = InterfaceSpec(parameters: ["count": ParameterSpec(parameterType: .numberInteger)])
        #expect(throws: InvocationError(#"output parameter 'count' (NUMBER_INTEGER) in /work/tasks/t1/outputs/parameters/count must be a whole number such as 3, got "3.0""#)) {
            try Self.collect(nil, files: ["count": "3.0\n"], declared: declared)
        }
    }

    @Test func missingOutputParameter() {
        #expect(throws: InvocationError("output parameter 'n' was not produced (the component wrote neither executor_output.json parameterValues['n'] nor /work/tasks/t1/outputs/parameters/n)")) {
            try Self.collect(#"{"parameterValues": {"Output": "x"}}"#)
        }
    }

    @Test func invalidExecutorOutput() {
        #expect(throws: InvocationError("/work/tasks/t1/executor_output.json is not valid JSON: expected ':' at offset 25")) {
            try Self.collect(#"{"parameterValues": {"a" 1}}"#)
        }
        #expect(throws: InvocationError("/work/tasks/t1/executor_output.json must hold a JSON object (an ExecutorOutput), found a list")) {
            try Self.collect("[]")
        }
        #expect(throws: InvocationError("/work/tasks/t1/executor_output.json: 'parameterValues' must be an object, found a string")) {
            try Self.collect(#"{"parameterValues": "x"}"#)
        }
    }

    @Test func blankExecutorOutputIsEmptyWithAWarning() throws {
        let out = try Self.collect(" \n", files: ["Output": "o", "n": "1"])
        #expect(out.parameters == ["Output": "o", "n": 1])
        #expect(out.warnings == ["/work/tasks/t1/executor_output.json is empty; treated as reporting no outputs"])
    }

    @Test func uriInsideTheTaskDirectoryIsAcceptedAndNormalised() throws {
        let text = #"{"artifacts": {"model": {"artifacts": [{"uri": "/work/tasks/t1/sub/../model-v2/", "metadata": {}}]}}}"#
        let out = try Self.collect(text, files: ["Output": "o", "n": "1"])
        #expect(out.artifacts["model"]?.uri == "\(Self.dir)/model-v2")
        #expect(out.artifacts["model"]?.metadata == ["stage": "draft"])
        // An empty uri keeps the provisioned one.
        let empty = #"{"artifacts": {"model": {"artifacts": [{"uri": ""}]}}}"#
        #expect(try Self.collect(empty, files: ["Output": "o", "n": "1"]).artifacts["model"]?.uri == "\(Self.dir)/model")
    }

    @Test func uriEscapingTheTaskDirectoryIsRejected() {
        for uri in ["/etc/passwd", "/work/tasks/t1/../t2/model", "/work/tasks/t1", "/work/tasks/t10/model", "relative/model",
                    "s3://bucket/model", "/work/tasks/t1/../../../../etc"] {
            let text = #"{"artifacts": {"model": {"artifacts": [{"uri": "\#(uri)"}]}}}"#
            #expect(throws: InvocationError.self, "\(uri)") { try Self.collect(text, files: ["Output": "o", "n": "1"]) }
        }
    }

    /// launcher_v2.go `uploadOutputArtifacts`: the data is uploaded from `custom_path` to the artifact's URI, which
    /// stays as provisioned; the path is returned for the engine to copy in, wherever it is.
    @Test func customPathKeepsTheURIAndIsReportedForCopying() throws {
        let outside = #"{"artifacts": {"model": {"artifacts": [{"uri": "\#(Self.dir)/model", "custom_path": "/data/out/../model.bin"}]}}}"#
        let out = try Self.collect(outside, files: ["Output": "o", "n": "1"])
        #expect(out.artifacts["model"]?.uri == "\(Self.dir)/model")
        #expect(out.customPaths == ["model": "/data/model.bin"])
        let same = #"{"artifacts": {"model": {"artifacts": [{"custom_path": "\#(Self.dir)/model"}]}}}"#
        #expect(try Self.collect(same, files: ["Output": "o", "n": "1"]).customPaths.isEmpty)
        for bad in ["relative/model", "/", "/.."] {
            let text = #"{"artifacts": {"model": {"artifacts": [{"custom_path": "\#(bad)"}]}}}"#
            #expect(throws: InvocationError.self, "\(bad)") { try Self.collect(text, files: ["Output": "o", "n": "1"]) }
        }
    }

    @Test func undeclaredOutputsAreIgnoredWithWarnings() throws {
        let text = #"{"parameterValues": {"Output": "o", "n": 1, "extra": 2}, "artifacts": {"other": {"artifacts": [{"uri": "/etc"}]}}}"#
        let out = try Self.collect(text)
        #expect(out.parameters == ["Output": "o", "n": 1])
        #expect(out.warnings == [
            "executor_output.json has parameterValues['extra'], which the component does not declare; ignored",
            "executor_output.json has artifacts['other'], which the component does not declare; ignored",
        ])
    }

    @Test func unsafeOutputNamesAreRejected() {
        let declared = InterfaceSpec(parameters: ["../x": ParameterSpec(parameterType: .string)])
        #expect(throws: InvocationError.self) { try Self.collect(nil, files: ["../x": "v"], declared: declared) }
    }

    @Test func collectThroughAnInvocation() throws {
        let spec = try InvocationFixture.load("02-python-types")
        let invocation = try InvocationFixture.invocation(
            spec, task: "produce-artifacts",
            upstream: ["describe-params.summary": "s", "describe-params.total": 9, "describe-params.lengths": ["a": 1]])
        let dir = InvocationFixture.taskDir
        // What the SDK executor writes: every output artifact (with its provisioned URI), no parameters;
        // the OutputPath parameter `checksum` is a file.
        let artifacts = invocation.outputArtifacts.keys.sorted().map { key in
            #""\#(key)": {"artifacts": [{"name": "\#(key)", "uri": "\#(dir)/\#(key)", "metadata": {"k": "\#(key)"}}]}"#
        }.joined(separator: ", ")
        let out = try invocation.collectOutputs(executorOutputText: "{\"artifacts\": {\(artifacts)}}",
                                                parameterFiles: ["checksum": "0123456789abcdef"])
        #expect(out.parameters == ["checksum": "0123456789abcdef"])
        #expect(out.artifacts["dataset"]?.uri == "\(dir)/dataset")
        #expect(out.artifacts["dataset"]?.metadata == ["k": "dataset"])
        #expect(out.artifacts["dataset"]?.type.schemaTitle == "system.Dataset")
        #expect(out.warnings.isEmpty)
    }
}

import Basics
import Foundation
@testable import PipelineIR
import Testing

@Suite struct LoadingTests {
    @Test("every compiled pipeline decodes and validates", arguments: Fixtures.compiledPipelines())
    func compiledPipelineLoads(_ path: String) throws {
        let spec = try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(!spec.name.isEmpty)
        #expect(PipelineValidator.validate(spec, file: path) == [])
    }

    @Test func compiledPipelinesWereFound() {
        #expect(Fixtures.compiledPipelines().count >= 30)
    }

    @Test func basicPipelineFields() throws {
        let spec = try Fixtures.load("Tests/Fixtures/ir/valid/basic.yaml")
        #expect(spec.name == "basic-pipeline")
        #expect(spec.defaultPipelineRoot == "gs://my-bucket/root")
        let n = try #require(spec.root.inputDefinitions.parameters["n"])
        #expect(n.parameterType == .numberInteger && n.defaultValue == 3 && n.isOptional)
        #expect(spec.root.inputDefinitions.parameters["opt_in"]?.defaultValue == nil)
        let consumer = try #require(spec.rootDag.tasks["consumer"])
        #expect(consumer.displayName == "my consumer")
        #expect(consumer.cachingOptions?.enableCache == false)
        #expect(consumer.retryPolicy == RetryPolicy(maxRetryCount: 3, backoffDuration: 10, backoffFactor: 2, backoffMaxDuration: 60))
        #expect(consumer.inputs.parameters["msg"]?.source == .taskOutputParameter(producerTask: "producer", outputParameterKey: "Output"))
        #expect(spec.rootDag.tasks["producer"]?.cachingOptions?.enableCache == true)
        guard case .container(let container)? = spec.executors["exec-consumer"] else { Issue.record("no container"); return }
        #expect(container.env == [EnvVar(name: "FOO", value: "bar")])
        #expect(container.resources?.cpuLimit == "2" && container.resources?.memoryLimit == "4G")
        #expect(container.resources?.acceleratorType == "nvidia.com/gpu" && container.resources?.acceleratorCount == "1")
        #expect(spec.rootDag.outputs.parameters["Output"] == .valueFromParameter(.init(producerSubtask: "producer", outputParameterKey: "Output")))
    }

    @Test func kubernetesPlatformDocument() throws {
        let spec = try Fixtures.load("Tests/Fixtures/ir/valid/k8s.yaml")
        let config = try #require(spec.platform?.executors["exec-echo"])
        #expect(config.activeDeadlineSeconds == 20)
        #expect(config.securityContext == SecurityContext(runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true))
        #expect(config.secretAsEnv.first?.name == .constant("static-secret"))
        #expect(config.secretAsEnv.first?.keyToEnv == [.init(key: "password", envVar: "SECRET_VAR")])
        #expect(config.secretAsEnv.last?.name == .parameter(.init(.componentInputParameter("secret_name"))))
        #expect(config.pvcMount.first?.name == .parameter(.init(.taskOutputParameter(producerTask: "createpvc", outputParameterKey: "name"))))
        #expect(config.emptyDirMounts.first?.medium == "Memory")
        #expect(config.imagePullPolicy == "Always")
        #expect(Set(config.ignored.keys) == ["nodeSelector", "tolerations", "nodeAffinity", "podMetadata", "imagePullSecret"])
    }

    @Test func iteratorsAndConditions() throws {
        let spec = try Fixtures.load("Tests/Fixtures/ir/valid/loop.yaml")
        let loop = try #require(spec.rootDag.tasks["for-loop-2"])
        #expect(loop.iterator == .parameter(items: .raw(#"[{"a": 1, "b": 10}, {"a": 2, "b": 20}]"#), itemInput: "pipelinechannel--loop-item-param-1"))
        #expect(loop.parallelismLimit == 2)
    }

    @Test(arguments: [
        ("a: 1", JSONValue.number(1)), ("a: 1.5", .number(1.5)), ("a: '1'", .string("1")), ("a: true", .bool(true)),
        ("a: yes", .bool(true)), ("a: ~", .null), ("a:", .null), ("a: 1e-5", .number(1e-5)), ("a: 0x10", .string("0x10")),
        ("a: 1_000", .number(1000)), ("a: .inf", .number(.infinity)), ("a: \"true\"", .string("true")), ("a: 1.2.3", .string("1.2.3")),
    ])
    func scalarsResolveLikePyYAML(_ yaml: String, _ expected: JSONValue) throws {
        let documents = try YAMLLoader.loadDocuments(yaml, file: nil)
        #expect(documents.first?["a"] == expected)
    }

    @Test func anchorsAndAliasesResolve() throws {
        let documents = try YAMLLoader.loadDocuments("a: &x {k: 1}\nb: *x\n", file: nil)
        #expect(documents.first?["b"] == ["k": 1])
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let yaml = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        #expect(throws: IRError.self) { try YAMLLoader.loadDocuments(yaml, file: "deep.yaml") }
    }

    @Test func positionOfAnIRPath() throws {
        let text = "root:\n  dag:\n    tasks:\n      train:\n        componentRef: {name: x}\n"
        let path = IRPath("root").field("dag").field("tasks").key("train").field("componentRef")
        let position = try #require(YAMLLoader.position(of: path, document: 0, in: text))
        #expect(position.line == 5)
    }
}

import Basics
import PipelineIR
import Testing
@testable import Planner

@Suite struct CacheKeyTests {
    static let container = PipelineContainerSpec(image: "python:3.11", command: ["sh", "-c"], args: ["echo {{$.inputs.parameters['x']}}"],
                                                 env: [EnvVar(name: "MODE", value: "fast")])

    static func component() -> ComponentSpec {
        var outputs = InterfaceSpec()
        outputs.parameters["n"] = ParameterSpec(parameterType: .numberInteger)
        return ComponentSpec(inputDefinitions: InterfaceSpec(), outputDefinitions: outputs, implementation: .executorLabel("exec-a"),
                             taskConfigPassthroughs: [])
    }

    static func task(cacheKey: String? = nil) -> PipelineTaskSpec {
        var task = PipelineTaskSpec(displayName: "a", componentRef: "comp-a")
        task.cachingOptions = CachingOptions(enableCache: true, cacheKey: cacheKey)
        return task
    }

    static func key(parameters: [String: JSONValue] = ["x": .number(1)], object: String = "sha256:aa",
                    container: PipelineContainerSpec = container, cacheKey: String? = nil) -> CacheKey {
        CacheKey(task: task(cacheKey: cacheKey), component: component(), container: container, parameters: parameters,
                 artifacts: ["data": [ArtifactKeyPart(object: object, schemaTitle: "system.Dataset", metadata: [:])]],
                 kubernetes: nil)
    }

    @Test func theKeyIsTheSHA256OfTheCanonicalDescription() {
        let key = Self.key()
        #expect(key.key == Digest.sha256(key.description.canonicalJSON))
        #expect(key.key == Self.key().key, "deterministic")
        #expect(key.description["version"]?.stringValue == CacheKey.version)
        #expect(!key.description.canonicalJSON.contains("/tmp"), "no paths")
    }

    @Test func everyPartOfTheComputationChangesTheKey() {
        let base = Self.key().key
        #expect(Self.key(parameters: ["x": .number(2)]).key != base)
        #expect(Self.key(object: "sha256:bb").key != base)
        var image = Self.container
        image.image = "python:3.12"
        #expect(Self.key(container: image).key != base)
        var env = Self.container
        env.env = [EnvVar(name: "MODE", value: "slow")]
        #expect(Self.key(container: env).key != base)
        var args = Self.container
        args.args = ["echo changed"]
        #expect(Self.key(container: args).key != base)
    }

    @Test func aUserCacheKeyReplacesTheComputedOneAsOnTheCluster() {
        let custom = Self.key(cacheKey: "v1")
        #expect(custom.key == Digest.sha256("comp-a\u{0}v1"))
        #expect(Self.key(parameters: ["x": .number(9)], object: "sha256:cc", cacheKey: "v1").key == custom.key)
    }

    @Test func theDiffNamesWhatChanged() {
        let old = Self.key().description
        #expect(CacheKeyDiff.changes(from: old, to: old).isEmpty)
        let changes = CacheKeyDiff.changes(from: old, to: Self.key(parameters: ["x": .number(2), "y": .string("new")], object: "sha256:bb").description)
        #expect(changes == ["input parameter 'x' changed: 1 → 2", "input parameter 'y' is new",
                            "input artifact 'data' has different content: sha256:aa → sha256:bb"])
        var args = Self.container
        args.args = ["echo changed"]
        #expect(CacheKeyDiff.changes(from: old, to: Self.key(container: args).description)
                == ["the arguments in the IR changed (component code or its interface)"])
        #expect(CacheKeyDiff.short("sha256:" + String(repeating: "a", count: 64)) == "sha256:aaaaaaaaaaaa…")
    }
}

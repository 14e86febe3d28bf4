import Basics
import PipelineIR
import Testing

/// `validate --cluster-compat --cluster-version`: what each KFP backend release does, from kubeflow/pipelines' history.
@Suite struct ClusterCompatibilityTests {
    @Test("cluster versions parse as X.Y (a patch is ignored) and order numerically")
    func versions() {
        #expect(ClusterVersion(parsing: "2.16") == ClusterVersion(2, 16))
        #expect(ClusterVersion(parsing: "2.17.1") == ClusterVersion(2, 17))
        #expect(ClusterVersion(2, 9) < ClusterVersion(2, 16))
        for bad in ["", "2", "two", "2.x", "2.17.x", "-1.2", "2..1", "1.2.3.4"] {
            #expect(ClusterVersion(parsing: bad) == nil, "\(bad)")
        }
    }

    /// backend/src/v2/driver/util.go, `resolveCondition` (from 2.17.0, kubeflow/pipelines#12598).
    @Test("IfPresent: literal before 2.17, resolved from 2.17; a Concat inside fails the driver with its own words")
    func ifPresentByVersion() {
        let inList = #"{"IfPresent": {"InputName": "f", "Then": [{"Concat": ["--f=", "x"]}]}}"#
        let direct = #"{"IfPresent": {"InputName": "f", "Then": {"Concat": ["--f=", "x"]}}}"#
        #expect(ClusterCompatibility.message(for: "IfPresent", version: ClusterVersion(2, 16))?
            .contains("passed literally by KFP backends before 2.17.0") == true)
        #expect(ClusterCompatibility.message(for: "IfPresent", version: ClusterVersion(2, 17)) == nil)
        #expect(ClusterCompatibility.message(for: "Concat inside IfPresent", argument: inList, version: ClusterVersion(2, 16)) == nil)
        let listMessage = ClusterCompatibility.message(for: "Concat inside IfPresent", argument: inList, version: ClusterVersion(2, 17))
        #expect(listMessage?.contains("\"non-string item in IfPresent Then/Else array\"") == true, "\(listMessage ?? "nil")")
        let directMessage = ClusterCompatibility.message(for: "Concat inside IfPresent", argument: direct, version: ClusterVersion(2, 17))
        #expect(directMessage?.contains("\"unexpected type in IfPresent Then/Else\"") == true, "\(directMessage ?? "nil")")
        #expect(ClusterCompatibility.message(for: "Concat", version: ClusterVersion(2, 17))?.contains("left literal") == true)
    }

    @Test("cache_key is ignored up to 2.17 (#13762 came after); defaultPipelineRoot is never read")
    func cacheKeyAndPipelineRoot() throws {
        let yaml = """
        pipelineInfo: {name: p}
        defaultPipelineRoot: gs://bucket/root
        root:
          dag:
            tasks:
              t:
                componentRef: {name: comp-t}
                taskInfo: {name: t}
                cachingOptions: {enableCache: true, cacheKey: my-key}
        components:
          comp-t: {executorLabel: exec-t}
        deploymentSpec:
          executors:
            exec-t: {container: {image: busybox, command: [echo]}}
        schemaVersion: 2.1.0
        """
        let spec = try PipelineSpec.load(yaml, file: "p.yaml")
        let at17 = ClusterCompatibility.warnings(spec, file: "p.yaml", version: ClusterVersion(2, 17)).map(\.message)
        let at18 = ClusterCompatibility.warnings(spec, file: "p.yaml", version: ClusterVersion(2, 18)).map(\.message)
        #expect(at17.contains { $0.contains("ignores a custom cache_key (\"my-key\")") && $0.contains("#13762") }, "\(at17)")
        #expect(!at18.contains { $0.contains("cache_key") }, "\(at18)")
        for messages in [at17, at18] {
            #expect(messages.contains { $0.contains("never reads defaultPipelineRoot") && $0.contains("minio://mlpipeline/v2/artifacts") })
        }
    }
}

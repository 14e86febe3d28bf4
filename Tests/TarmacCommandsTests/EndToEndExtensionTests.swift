import Basics
import Foundation
import Testing

/// What Tarmac runs beyond the KFP backend, and says so.
@Suite struct EndToEndExtensionTests {
    @Test("artifactIterator: one iteration per artifact of the list, with a warning that the cluster rejects it")
    func artifactIterator() async throws {
        try Repo.requireRootIsCurrentDirectory()
        // Compiled by kfp 2.17.3 from ir-semantics' p_artiter.py: a loop writes 'a' and 'b', a nested
        // pipeline loops over the Collected datasets and reads each.
        let run = await runPipeline("Tests/Fixtures/ir/valid/artiter.yaml")
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.stderr.contains("loops over artifacts (artifactIterator): Tarmac runs it, the KFP backend rejects it"), run.diagnostics)
        #expect(run.returned("inner/for-loop-1[0]/rd") == "a", run.diagnostics)
        #expect(run.returned("inner/for-loop-1[1]/rd") == "b", run.diagnostics)
    }

    @Test("validate --cluster-compat names each construct the backend would not run, with its location")
    func clusterCompatibility() throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("validate", "--cluster-compat", "-q", "examples/01-shell-components/pipeline.yaml",
                            "examples/09-importer/pipeline.yaml", "Tests/Fixtures/ir/valid/artiter.yaml")
        #expect(result.code == 0, Comment(rawValue: result.stderr))
        expectGolden(result.stderr, matches: "Tests/Fixtures/golden/validate-cluster-compat.txt")
    }
}

import Basics
import Foundation
import PipelineIR
import Testing

/// Issue 18 points 1 and 3, artifacts: `custom_path` (`artifact.set_path`) and `importer(download_to_workspace=True)`,
/// on pipelines compiled by kfp 2.17.3, on the host and in podman, checking what the consumers read.
@Suite struct EndToEndFidelityArtifactTests {
    /// component/launcher_v2.go (`uploadOutputArtifacts` uploads from `retrieveArtifactPath`, the custom path; the
    /// artifact's URI stays as provisioned, so the consumer reads the data there).
    @Test("custom_path on the host: the data is copied to the artifact's path, with a warning naming the path")
    func customPathOnTheHost() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(EndToEndFidelityTests.fixture("custom-path"), ["--param", "text=chosen path"])
        #expect(run.code == 0 && run.parameters["Output"] == .string("chosen path / CHOSEN PATH"), run.diagnostics)
        let model = run.taskDirectory("train") + "/model"
        #expect((try? String(contentsOfFile: model + "/weights/w.txt", encoding: .utf8)) == "chosen path", "\(model)")
        #expect((try? String(contentsOfFile: run.taskDirectory("train") + "/report", encoding: .utf8)) == "CHOSEN PATH")
        #expect(run.stderr.contains("train: output artifact 'model': copied in from /") && run.stderr.contains("(custom_path)"),
                run.diagnostics)
    }

    /// A custom path holding a symbolic link is refused, in the task that set it, without reading the link.
    @Test("custom_path with a symbolic link inside fails that task with a message naming the link")
    func customPathWithALink() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(EndToEndFidelityTests.fixture("custom-path"), ["--param", "plant=true", "--keep-going"])
        #expect(run.code == 1 && run.states["condition-1/plant-link"] == "FAILED", run.diagnostics)
        let error = run.task("condition-1/plant-link")?.error ?? ""
        #expect(error.contains("output artifact 'data': its custom_path /") && error.contains("holds a symbolic link at /")
                && error.contains("/link; it was not read"), run.diagnostics)
        #expect(!FileManager.default.fileExists(atPath: run.taskDirectory("condition-1/plant-link") + "/data/link"), run.diagnostics)
        #expect(run.parameters["Output"] == .string("own path / OWN PATH"), run.diagnostics)  // the other branch is unaffected
    }

    /// component/importer_launcher.go (download to `LocalWorkspacePathForURI`), driver/resolve.go (`setWorkspaceFlag`),
    /// launcher_v2.go (the consumer's `.path` rebased under the workspace); kfp.local (2.15+) runs it too.
    @Test("download_to_workspace on the host: the consumer reads the workspace copy; outputs equal kfp.local's")
    func downloadToWorkspace() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let source = E2E.scratchDirectory("workspace-import") + "/data.txt"
        try "imported text".write(toFile: source, atomically: true, encoding: .utf8)
        let run = await runPipeline(EndToEndFidelityTests.fixture("workspace-import"), ["--param", "uri=\(source)"])
        #expect(run.code == 0 && run.parameters["Output"] == .string("imported text"), run.diagnostics)
        let copy = run.runDirectory + "/.workspace/.artifacts" + source
        #expect(await run.logs("show").contains("reading \(copy)"), run.diagnostics)
        #expect((try? String(contentsOfFile: copy, encoding: .utf8)) == "imported text", "\(copy)")
        // kfp.local returns the same text, though its consumer reads the original file, not its workspace copy.
        let local = await kfpLocal("fidelity-workspace-import", ["uri=\(source)"], file: "Tests/Fixtures/fidelity/workspace-import/pipeline.py")
        expectSameOutputs(run, local)
    }

    /// The importer's source must exist and hold no link; without a workspace the compiler refuses the pipeline.
    @Test("download_to_workspace of a missing file fails the importer, naming it")
    func downloadToWorkspaceMissing() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let missing = E2E.scratchDirectory("workspace-import-missing") + "/absent.txt"
        let run = await runPipeline(EndToEndFidelityTests.fixture("workspace-import"), ["--param", "uri=\(missing)"])
        #expect(run.code == 1 && run.states["importer"] == "FAILED", run.diagnostics)
        #expect(run.task("importer")?.error == "the importer downloads \(missing) to the workspace (download_to_workspace=True), but it does not exist",
                run.diagnostics)
    }
}

/// `dsl.WorkspaceConfig(size=...)`: the backend's PVC size; one machine validates it and says it is not enforced.
@Suite struct WorkspaceSizeTests {
    @Test("workspace size: a run warns once that it is not enforced; a size that is no quantity fails validation, located")
    func size() throws {
        try Repo.requireRootIsCurrentDirectory()
        let fixture = EndToEndFidelityTests.fixture("workspace")
        let good = tarmac("validate", fixture)
        #expect(good.code == 0, Comment(rawValue: good.stderr))
        let text = try String(contentsOfFile: fixture, encoding: .utf8)
        #expect(text.contains("        size: 1Gi\n"))
        let bad = E2E.scratchDirectory("workspace-size") + "/pipeline.yaml"
        try text.replacingOccurrences(of: "        size: 1Gi\n", with: "        size: 1 Gig\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = tarmac("validate", bad)
        #expect(refused.code == 65 && refused.stderr.contains("the workspace size '1 Gig' is not a Kubernetes quantity")
                && refused.stderr.contains("platforms.kubernetes.pipelineConfig.workspace.size"), Comment(rawValue: refused.stderr))
    }

    @Test("storage quantities as Kubernetes reads them", arguments: [
        ("1Gi", 1073741824.0), ("500M", 5e8), ("1.5Ki", 1536), ("1e3", 1000), ("+2k", 2000), ("10", 10),
    ])
    func quantities(text: String, bytes: Double) {
        #expect(StorageQuantity.bytes(text) == bytes)
    }

    @Test("not storage quantities", arguments: ["", "Gi", "1 Gi", "-1Gi", "1GB", "1.2.3", "lots", "1e"])
    func notQuantities(text: String) {
        #expect(StorageQuantity.bytes(text) == nil)
    }
}

@Suite("End-to-end: fidelity artifacts in podman", .enabled(if: Podman.enabled, "needs a working podman"))
struct EndToEndPodmanFidelityArtifactTests {
    /// In a container the custom path is inside the container: copied out (`podman cp`) before it is removed.
    @Test("custom_path in podman: copied out of the container before it is removed; the consumer reads it")
    func customPathInPodman() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await Podman.limited {
            await runPipeline(EndToEndFidelityTests.fixture("custom-path"), Podman.options + ["--param", "text=in podman", "--param", "plant=true", "--keep-going"])
        }
        #expect(run.parameters["Output"] == .string("in podman / IN PODMAN"), run.diagnostics)
        #expect((try? String(contentsOfFile: run.taskDirectory("train") + "/model/weights/w.txt", encoding: .utf8)) == "in podman")
        #expect(!run.stderr.contains("copied in from"), run.diagnostics)  // the host warning is for host paths only
        let error = run.task("condition-1/plant-link")?.error ?? ""
        #expect(run.states["condition-1/plant-link"] == "FAILED" && error.contains("holds a symbolic link at ") && error.contains("/link; it was not read"),
                run.diagnostics)
        let left = await runProcess(["podman", "ps", "-a", "--filter", "label=tarmac.run=\(run.runID)", "--format", "{{.Names}}"])
        #expect(left.code == 0 && left.stdout.isEmpty, "containers left: \(left.stdout)\(left.stderr)")
    }

    /// In a container the consumer's `.path` is `/kfp-workspace/.artifacts/...`, the SDK rebasing it from the mark.
    @Test("download_to_workspace in podman: the consumer reads /kfp-workspace/.artifacts/...; outputs equal kfp.local's")
    func downloadToWorkspaceInPodman() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let source = E2E.scratchDirectory("workspace-import-podman") + "/data.txt"
        try "imported text".write(toFile: source, atomically: true, encoding: .utf8)
        let run = await Podman.limited {
            await runPipeline(EndToEndFidelityTests.fixture("workspace-import"), Podman.options + ["--param", "uri=\(source)"])
        }
        #expect(run.code == 0 && run.parameters["Output"] == .string("imported text"), run.diagnostics)
        let log = await run.logs("show")
        #expect(log.contains("reading /kfp-workspace/.artifacts\(source)"), Comment(rawValue: log))
        let local = await kfpLocal("fidelity-workspace-import", ["uri=\(source)"], file: "Tests/Fixtures/fidelity/workspace-import/pipeline.py")
        expectSameOutputs(run, local)
    }
}

import Basics
import Foundation
import Testing

/// Issue 18: KFP 2.14–2.17 features and backend behaviours, each on a pipeline compiled by kfp 2.17.3
/// (Tests/Fixtures/fidelity/<name>/pipeline.yaml, kept current by `scripts/compile-examples --check`),
/// checking what the tasks produced. Each test names the backend file whose behaviour it pins.
@Suite struct EndToEndFidelityTests {
    static func fixture(_ name: String) -> String { "Tests/Fixtures/fidelity/\(name)/pipeline.yaml" }

    /// backend/src/v2/compiler/visitor.go (`dfs`: a sub-pipeline task's retry policy goes to the tasks inside
    /// without one) and argocompiler/container.go (a retried executor's `{{retries}}` is the attempt index).
    @Test("retries: a sub-pipeline's policy reaches its tasks; {{retries}} is the 0-based attempt index")
    func retriesAsCompiledByTheBackend() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(Self.fixture("retry-inherited"))
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        // Each task succeeds only on the attempt whose index equals `wanted`.
        #expect(run.parameters["own"] == "2", run.diagnostics)
        #expect(run.parameters["inherited"] == "1", run.diagnostics)  // no policy of its own: the sub-pipeline's 1 retry
        #expect(run.parameters["overridden"] == "2", run.diagnostics)  // its own 2 retries win over the sub-pipeline's 1
        #expect(run.task("check-attempt")?.attempts == 3, run.diagnostics)
        #expect(run.task("retry-inner-none/check-attempt")?.attempts == 2, run.diagnostics)
        #expect(run.task("retry-inner-own/check-attempt")?.attempts == 3, run.diagnostics)
        let log = await run.logs("retry-inner-none/check-attempt")
        #expect(log.contains("attempt 0 of wanted 1") && log.contains("attempt 1 of wanted 1"), Comment(rawValue: log))
    }

    /// backend/src/v2/driver/resolve.go (`resolveInputs`, iteration driver: the items input is deleted).
    @Test("a loop's body cannot read the list it iterates over, as on the backend; item-only tasks still run")
    func loopItemsInputIsRemoved() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(Self.fixture("loop-reads-its-list"), ["--keep-going"])
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        for index in 0..<2 {
            let show = "for-loop-1[\(index)]/show"
            #expect(run.states[show] == "SUCCEEDED", run.diagnostics)
            let said = try String(contentsOfFile: run.taskDirectory(show) + "/outputs/parameters/said", encoding: .utf8)
            #expect(said == "item \(index + 1)", run.diagnostics)
            let inner = try #require(run.task("for-loop-1[\(index)]/for-loop-2"), run.diagnostics)
            #expect(inner.state == "FAILED", run.diagnostics)
            #expect(inner.error?.contains("'pipelinechannel--loop_parameter' is the list its loop iterates over") == true, run.diagnostics)
            #expect(inner.error?.contains("backend/src/v2/driver/resolve.go") == true, run.diagnostics)
        }
        let validate = tarmac("validate", "--cluster-compat", "-q", Self.fixture("loop-reads-its-list"))
        #expect(validate.code == 0, Comment(rawValue: validate.stderr))
        #expect(validate.stderr.contains("task 'for-loop-2' inside loop 'for-loop-1' reads 'pipelinechannel--loop_parameter'"),
                Comment(rawValue: validate.stderr))
    }

    /// Importer metadata keys that are placeholders (backend/src/v2/component/importer_launcher.go keeps them literal).
    @Test("importer metadata: placeholder keys and list values resolved, with the cluster warning")
    func importerMetadataKeys() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(Self.fixture("importer-metadata-keys"), ["--param", "key=team", "--param", "name=grace"])
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let text = try #require(run.parameters["Output"]?.stringValue, run.diagnostics)
        let metadata = try JSONValue.parse(text)
        #expect(metadata == .object(["team": .array(["grace", "fixed"]), "version": .number(3), "plain": "text"]), run.diagnostics)
        #expect(run.stderr.contains("importer metadata placeholders (keys and values) are resolved by Tarmac but kept literal"),
                run.diagnostics)
    }

    /// backend/src/v2/driver/resolve.go (`resolveInputParameter`, runtime constants) and argocompiler/argo.go
    /// (`generateName: <pipeline name>-`), checked by the SDK's pipeline_with_placeholders assertions.
    @Test("job placeholders: resource name <pipeline>-<suffix>, task name, numeric task id, times")
    func jobPlaceholders() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(Self.fixture("job-placeholders"))
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        let text = try #require(run.parameters["Output"]?.stringValue, run.diagnostics)
        let values = try #require(JSONValue.parse(text).objectValue, run.diagnostics)
        let resource = try #require(values["job_resource_name"]?.stringValue)
        #expect(resource.wholeMatch(of: /pipeline-with-placeholders-[bcdfghjklmnpqrstvwxz2456789]{5}/) != nil, "\(resource)")
        #expect(values["job_id"]?.stringValue == run.runID)
        #expect(values["task_name"]?.stringValue == "print-all-placeholders")
        #expect(values["task_id"]?.stringValue.flatMap { Int($0) } != nil, "\(values)")
        let name = try #require(values["job_name"]?.stringValue)
        #expect(name.wholeMatch(of: /pipeline-with-placeholders \d{4}-\d\d-\d\d \d\d-\d\d-\d\d/) != nil, "\(name)")
        let created = try #require(values["create_time"]?.stringValue)
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(created)")
        #expect(values["schedule_time"] == values["create_time"])
    }

    /// An env var name that dash drops (what the cluster does in the same image; no backend file changes it).
    @Test("an env var name that is not a shell identifier: warned, naming it and the shell; dash drops it")
    func environmentNameNotIdentifier() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(Self.fixture("env-not-identifier"))
        #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
        #expect(run.stderr.contains("env var 'my-cm-env-var' is not a shell identifier"), run.diagnostics)
        #expect(run.stderr.contains("this machine's /bin/sh (dash)") || run.stderr.contains("this machine's /bin/sh (bash)"), run.diagnostics)
        let dropped = run.stderr.contains("/bin/sh (dash)")
        #expect(run.parameters["Output"]?.stringValue == (dropped ? "plain=one dashed=None" : "plain=one dashed=two"), run.diagnostics)
    }

    /// Backend behaviours the SDK's local runner does differently, pinned: resolve.go `CollectInputs` (nested
    /// Collected flattened, outer index major), launcher_v2.go (a bare artifact-list placeholder stays
    /// literal; only `.uri`/`.path` are substituted), resolve.go final status (`COMPLETE`/`FAILED`).
    @Test("pins: nested Collected flat, bare artifact-list placeholder literal, final status FAILED")
    func backendBehavioursPinned() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(Self.fixture("cluster-pins"))
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.returned("join") == "1-10,1-20,1-30,2-10,2-20,2-30", run.diagnostics)
        let bare = try String(contentsOfFile: run.taskDirectory("bare") + "/outputs/parameters/said", encoding: .utf8)
        #expect(bare == "{{$.inputs.artifacts['data']}}", run.diagnostics)
        #expect(run.states["exit-handler-3/fail-after"] == "FAILED", run.diagnostics)
        #expect(run.returned("notify") == "FAILED", run.diagnostics)
    }

    /// backend/src/v2/driver/resolve.go (`{{$.workspace_path}}` in constants) and driver.go (the run's workspace
    /// volume); kfp.local (2.15+) runs it too, with a directory of its own: the outputs must be equal.
    @Test("workspace: one directory per run that later tasks see; outputs equal kfp.local's")
    func workspace() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await runPipeline(Self.fixture("workspace"), ["--param", "text=shared note"])
        #expect(run.parameters["Output"] == .string("shared note (11 bytes)"), run.diagnostics)
        let warning = "the workspace's size 1Gi (dsl.WorkspaceConfig) is not enforced: it is a directory, \(run.runDirectory)/.workspace"
        #expect(run.stderr.components(separatedBy: warning).count == 2, run.diagnostics)  // once per run
        let note = run.runDirectory + "/.workspace/notes/note.txt"
        #expect((try? String(contentsOfFile: note, encoding: .utf8)) == "shared note", "\(note)")
        let local = await kfpLocal("fidelity-workspace", ["text=shared note"], file: "Tests/Fixtures/fidelity/workspace/pipeline.py")
        expectSameOutputs(run, local)
    }

    /// `--cluster-version`: 2.16 and 2.17 differ exactly where the backend changed (IfPresent, #12598).
    @Test("validate --cluster-compat --cluster-version 2.16 vs 2.17 differ only in the IfPresent warnings")
    func clusterVersions() throws {
        try Repo.requireRootIsCurrentDirectory()
        let files = ["examples/01-shell-components/pipeline.yaml", "examples/09-importer/pipeline.yaml"]
        let old = tarmac(["validate", "--cluster-compat", "-q", "--cluster-version", "2.16"] + files)
        let new = tarmac(["validate", "--cluster-compat", "-q", "--cluster-version", "2.17"] + files)
        #expect(old.code == 0 && new.code == 0, Comment(rawValue: old.stderr + new.stderr))
        let oldLines = Set(old.stderr.split(separator: "\n").map(String.init))
        let newLines = Set(new.stderr.split(separator: "\n").map(String.init))
        let onlyOld = oldLines.subtracting(newLines).filter { $0.hasPrefix("tarmac: warning:") }
        let onlyNew = newLines.subtracting(oldLines).filter { $0.hasPrefix("tarmac: warning:") }
        #expect(!onlyOld.isEmpty && onlyOld.allSatisfy { $0.contains("IfPresent is passed literally by KFP backends before 2.17.0") },
                Comment(rawValue: old.stderr))
        #expect(!onlyNew.isEmpty && onlyNew.allSatisfy { $0.contains("makes the KFP driver fail the task") }, Comment(rawValue: new.stderr))
        #expect(new.stderr.contains("\"non-string item in IfPresent Then/Else array\""), Comment(rawValue: new.stderr))
        let bad = tarmac("validate", "--cluster-compat", "--cluster-version", "two", files[0])
        #expect(bad.code == 2 && bad.stderr.contains("--cluster-version must be a KFP backend release X.Y"), Comment(rawValue: bad.stderr))
    }
}

/// Issue 18 in real podman containers: platform tasks that mount what they made.
@Suite("End-to-end: fidelity in podman", .enabled(if: Podman.enabled, "needs a working podman"))
struct EndToEndPodmanFidelityTests {
    /// backend/src/v2/driver/k8s.go (`createPVC`: `pvc_name`, else a UUID + `pvc_name_suffix`; `deletePVC`).
    @Test("CreatePVC makes the volume a later mount_pvc sees, outputs its name; DeletePVC removes it (--keep-volumes keeps it)")
    func createAndDeletePVC() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let fixture = EndToEndFidelityTests.fixture("pvc-lifecycle")
        for keep in [false, true] {
            let store = isolatedStore("pvc-lifecycle-\(keep)")
            let run = await Podman.limited {
                await runPipeline(fixture, Podman.options + ["--store", store, "--param", "text=note \(keep)"] + (keep ? ["--keep-volumes"] : []))
            }
            #expect(run.code == 0 && run.state == "SUCCEEDED", run.diagnostics)
            #expect(run.parameters["Output"] == .string("note \(keep)"), run.diagnostics)
            #expect(run.states["createpvc"] == "SUCCEEDED" && run.states["deletepvc"] == "SUCCEEDED", run.diagnostics)
            let volumes = (try? FileManager.default.contentsOfDirectory(atPath: store + "/volumes")) ?? []
            if keep {
                let name = try #require(volumes.first, run.diagnostics)
                #expect(name.wholeMatch(of: /[0-9a-f-]{36}-scratch/) != nil, "\(name)")
                #expect((try? String(contentsOfFile: "\(store)/volumes/\(name)/note", encoding: .utf8)) == "note true")
                #expect(run.stderr.contains("kept the volume '\(name)'"), run.diagnostics)
            } else {
                #expect(volumes.isEmpty, "DeletePVC left \(volumes)")
            }
        }
    }

    /// The workspace in containers: mounted at /kfp-workspace, the placeholder's value (driver.go, resolve.go).
    @Test("workspace in podman: mounted at /kfp-workspace in the tasks that use it, the same directory on the host")
    func workspaceInPodman() async throws {
        try Repo.requireRootIsCurrentDirectory()
        let run = await Podman.limited {
            await runPipeline(EndToEndFidelityTests.fixture("workspace"), Podman.options + ["--param", "text=in a container"])
        }
        #expect(run.code == 0 && run.parameters["Output"] == .string("in a container (14 bytes)"), run.diagnostics)
        let note = run.runDirectory + "/.workspace/notes/note.txt"
        #expect((try? String(contentsOfFile: note, encoding: .utf8)) == "in a container", "\(note)")
        #expect(await run.logs("write").contains("/kfp-workspace"), run.diagnostics)
        // With the cache on, a second run executes every task again: the run's workspace volume is in the key
        // (driver/container.go adds the workspace PVC's name to the fingerprint), so no task skips writing it.
        let store = isolatedStore("workspace-cache")
        for _ in 0..<2 {
            let again = await Podman.limited {
                await runPipeline(EndToEndFidelityTests.fixture("workspace"), Podman.options + ["--store", store])
            }
            #expect(again.code == 0 && again.states == ["write": "SUCCEEDED", "count": "SUCCEEDED", "read": "SUCCEEDED"], again.diagnostics)
        }
    }
}

extension PipelineRun {
    /// `<pipeline root>/<pipeline>/<run id>`.
    var runDirectory: String {
        let root = arguments.firstIndex(of: "--pipeline-root").map { arguments[$0 + 1] } ?? store + "/artifacts"
        return "\(root)/\(pipeline)/\(runID)"
    }
}

/// `cluster-version` in a config file, and its errors.
@Suite struct ClusterVersionConfigTests {
    @Test("cluster-version in tarmac.toml sets validate's release; a flag wins; a bad value is located, exit 65")
    func fromConfig() throws {
        let example = Repo.root.appendingPathComponent("examples/01-shell-components/pipeline.yaml").path
        let scratch = try ConfigScratch(project: "cluster-version = \"2.16\"\n", user: nil)
        defer { scratch.remove() }
        let old = scratch.tarmac("validate", "--cluster-compat", "-q", example)
        #expect(old.code == 0 && old.stderr.contains("IfPresent is passed literally by KFP backends before 2.17.0"), Comment(rawValue: old.stderr))
        let flag = scratch.tarmac("validate", "--cluster-compat", "-q", "--cluster-version", "2.17", example)
        #expect(flag.code == 0 && !flag.stderr.contains("passed literally") && flag.stderr.contains("makes the KFP driver fail"),
                Comment(rawValue: flag.stderr))
        let bad = try ConfigScratch(project: "store = \".tarmac\"\ncluster-version = \"latest\"\n", user: nil)
        defer { bad.remove() }
        let refused = bad.tarmac("validate", "--cluster-compat", example)
        #expect(refused.code == 65 && refused.stderr.contains("cluster-version must be a KFP backend release X.Y such as 2.17, not 'latest'")
                && refused.stderr.contains("tarmac.toml:2"), Comment(rawValue: refused.stderr))
    }
}

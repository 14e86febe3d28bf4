import Basics
import Foundation
import Testing
@testable import TarmacCommands

/// The store under faults (issue 17 points 7–10 and 12): damage, a full disk, odd logs, the right exit codes.
@Suite(.serialized) struct EndToEndStoreFaultTests {
    @Test("store check finds run directories no run owns; store backup writes one file that holds the history")
    func checkAndBackup() async throws {
        let store = isolatedStore("check")
        let run = await runPipeline(try await FixturePipelines.shared.yaml("odd-log"), ["--store", store])
        #expect(run.code == 0, run.diagnostics)
        let sound = await tarmacOffThread(["store", "check", "--store", store])
        #expect(sound.code == 0 && sound.stdout.contains("integrity_check ok"), Comment(rawValue: sound.stdout + sound.stderr))
        let orphan = "\(store)/artifacts/odd-log/\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: orphan + "/odd", withIntermediateDirectories: true)
        let found = await tarmacOffThread(["store", "check", "--store", store])
        #expect(found.code == 1 && found.stdout.contains(orphan), Comment(rawValue: found.stdout + found.stderr))
        let foundJSON = await tarmacOffThread(["store", "check", "--json", "--store", store])
        let document = try JSONValue.parse(foundJSON.stdout)
        #expect(foundJSON.code == 1 && document["sound"]?.boolValue == false, Comment(rawValue: foundJSON.stdout + foundJSON.stderr))
        #expect(document["orphan_run_directories"]?.arrayValue?.compactMap(\.stringValue) == [orphan])
        expectGolden(jsonShape(document), matches: "Tests/Fixtures/golden/json-schema-store-check.txt")
        let backup = E2E.scratchDirectory("backup") + "/runs.sqlite"
        let backedUp = await tarmacOffThread(["store", "backup", backup, "--store", store])
        #expect(backedUp.code == 0, Comment(rawValue: backedUp.stderr))
        let count = await runProcess(["sqlite3", backup, "SELECT count(*) FROM runs WHERE id = '\(run.runID)';"])
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", Comment(rawValue: count.stdout + count.stderr))
        // The end of the run checkpointed the WAL: tarmac.sqlite alone holds the run.
        let copy = E2E.scratchDirectory("copy")
        try FileManager.default.copyItem(atPath: store + "/tarmac.sqlite", toPath: copy + "/tarmac.sqlite")
        let listed = await tarmacOffThread(["runs", "list", "--store", copy])
        #expect(listed.code == 0 && listed.stdout.contains(String(run.runID.prefix(8))), Comment(rawValue: listed.stdout + listed.stderr))
    }

    @Test("a 0-byte tarmac.sqlite next to earlier runs' artifacts is refused; store repair starts a new history on purpose")
    func emptyDatabaseNextToArtifacts() async throws {
        let store = isolatedStore("empty")
        #expect(await runPipeline(try await FixturePipelines.shared.yaml("odd-log"), ["--store", store]).code == 0)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + "/tarmac.sqlite" + suffix) }
        try Data().write(to: URL(fileURLWithPath: store + "/tarmac.sqlite"))
        let refused = await tarmacOffThread(["runs", "list", "--store", store])
        #expect(refused.code == 74 && refused.stderr.contains("is empty (0 bytes)") && refused.stderr.contains("tarmac store repair"),
                Comment(rawValue: refused.stderr))
        #expect((try? FileManager.default.attributesOfItem(atPath: store + "/tarmac.sqlite"))?[.size] as? NSNumber == 0)
        let repaired = await tarmacOffThread(["store", "repair", "--store", store])
        #expect(repaired.code == 0 && repaired.stdout.contains("started a new history"), Comment(rawValue: repaired.stdout + repaired.stderr))
        let listed = await tarmacOffThread(["runs", "list", "--store", store])
        #expect(listed.code == 0 && listed.stdout.isEmpty, Comment(rawValue: listed.stdout + listed.stderr))
        let check = await tarmacOffThread(["store", "check", "--store", store])
        #expect(check.code == 1 && check.stdout.contains("belong to no recorded run"), Comment(rawValue: check.stdout))
    }

    @Test("a damaged index: cache verify and store check say so, store repair backs up, reindexes and keeps every run")
    func repairADamagedIndex() async throws {
        let store = isolatedStore("repair")
        let yaml = try await FixturePipelines.shared.yaml("odd-log")
        for _ in 0..<3 { #expect(await runPipeline(yaml, ["--store", store]).code == 0) }
        try damageRunIDIndex(store + "/tarmac.sqlite")
        let verify = await tarmacOffThread(["cache", "verify", "--store", store])
        #expect(verify.code == 1 && verify.stdout.contains("tarmac store check"), Comment(rawValue: verify.stdout + verify.stderr))
        let check = await tarmacOffThread(["store", "check", "--store", store])
        #expect(check.code == 1 && check.stdout.contains("database: damaged"), Comment(rawValue: check.stdout + check.stderr))
        #expect(check.stderr.contains("tarmac store repair"))
        let repair = await tarmacOffThread(["store", "repair", "--store", store])
        #expect(repair.code == 0 && repair.stdout.contains("backed up to \(store)/backups/"), Comment(rawValue: repair.stdout + repair.stderr))
        let backups = (try? FileManager.default.contentsOfDirectory(atPath: store + "/backups")) ?? []
        #expect(backups.count == 1)
        let after = await tarmacOffThread(["store", "check", "--store", store])
        #expect(after.code == 0, Comment(rawValue: after.stdout + after.stderr))
        let runs = await tarmacOffThread(["runs", "list", "--store", store])
        let table = runs.stdout.split(separator: "\n")
        // A header, then the 3 runs.
        #expect(table.first?.hasPrefix("RUN ") == true && table.dropFirst().count == 3, Comment(rawValue: runs.stdout))
    }

    @Test("run checks the store first (quick_check): damaged pages are refused with exit 74 and the repair hint, no run started")
    func runRefusesDamagedPages() async throws {
        let store = isolatedStore("quick-check")
        let yaml = try await FixturePipelines.shared.yaml("odd-log")
        #expect(await runPipeline(yaml, ["--store", store]).code == 0)
        // A table this run never touches: without the check, the run would start and succeed on a damaged file.
        try damageTablePage(store + "/tarmac.sqlite", table: "artifact_uses")
        let refused = await tarmacOffThread(["run", yaml, "--store", store, "--runner", "subprocess"])
        #expect(refused.code == 74, Comment(rawValue: refused.stdout + refused.stderr))
        #expect(refused.stderr.contains("tarmac: error: the run store is damaged, so no run was started: quick_check found"),
                Comment(rawValue: refused.stderr))
        #expect(refused.stderr.contains("  at \(store)/tarmac.sqlite") && refused.stderr.contains("tarmac store repair"),
                Comment(rawValue: refused.stderr))
        let count = await runProcess(["sqlite3", store + "/tarmac.sqlite", "SELECT count(*) FROM runs;"])
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", Comment(rawValue: count.stdout + count.stderr))
    }

    @Test("tarmac logs shows bytes that are not UTF-8 as U+FFFD, neutralises escapes on a terminal, fails on a missing log")
    func oddAndMissingLogs() async throws {
        let store = isolatedStore("logs")
        let run = await runPipeline(try await FixturePipelines.shared.yaml("odd-log"), ["--store", store])
        #expect(run.code == 0, run.diagnostics)
        let logs = await tarmacOffThread(["logs", run.runID, "odd", "--store", store])
        #expect(logs.code == 0 && logs.stdout.contains("caf\u{FFFD}\n"), Comment(rawValue: logs.stdout + logs.stderr))
        let log = run.taskDirectory("odd") + "/attempt-0.log"
        guard case .text(let shown) = LogReader.read(log, task: "odd", terminal: true) else {
            Issue.record("cannot read \(log)")
            return
        }
        #expect(!shown.unicodeScalars.contains("\u{1B}") && !shown.unicodeScalars.contains("\u{07}"))
        #expect(shown.contains("^[]0;pwned^G^[]52;c;aGk=^G^[[2Jdone"), Comment(rawValue: shown))
        try FileManager.default.removeItem(atPath: log)
        let missing = await tarmacOffThread(["logs", run.runID, "odd", "--store", store])
        #expect(missing.code == 74, Comment(rawValue: missing.stdout + missing.stderr))
        #expect(missing.stderr.contains("tarmac: error: the log of task 'odd' of run \(run.runID.prefix(8)) cannot be read: No such file or directory"))
        #expect(missing.stderr.contains("  at \(log)"))
    }

    @Test("the user's environment exits 74 with the path and what to do; a foreign SQLite file is refused untouched")
    func environmentExitCodes() async throws {
        let base = E2E.scratchDirectory("environment")
        try FileManager.default.createDirectory(atPath: base + "/dir-store/tarmac.sqlite", withIntermediateDirectories: true)
        let directory = await tarmacOffThread(["runs", "list", "--store", base + "/dir-store"])
        #expect(directory.code == 74 && directory.stderr.contains("is a directory"), Comment(rawValue: directory.stderr))
        try FileManager.default.createSymbolicLink(atPath: base + "/dangling", withDestinationPath: base + "/gone")
        let dangling = await tarmacOffThread(["runs", "list", "--store", base + "/dangling"])
        #expect(dangling.code == 74 && dangling.stderr.contains("is a symbolic link to \(base)/gone, which does not exist"),
                Comment(rawValue: dangling.stderr))
        try FileManager.default.createDirectory(atPath: base + "/foreign", withIntermediateDirectories: true)
        let made = await runProcess(["sqlite3", base + "/foreign/tarmac.sqlite", "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');"])
        #expect(made.code == 0, Comment(rawValue: made.stderr))
        let before = FileManager.default.contents(atPath: base + "/foreign/tarmac.sqlite")
        let foreign = await tarmacOffThread(["runs", "list", "--store", base + "/foreign"])
        #expect(foreign.code == 65 && foreign.stderr.contains("not a tarmac run store"), Comment(rawValue: foreign.stderr))
        #expect(!foreign.stderr.contains("bug in tarmac"))
        #expect(FileManager.default.contents(atPath: base + "/foreign/tarmac.sqlite") == before)
        #expect(!FileManager.default.fileExists(atPath: base + "/foreign/tarmac.sqlite-wal"))
        // A read-only working directory with the default store (./.tarmac), and a read-only store.
        let mountPoint = E2E.scratchDirectory("ro")
        let mount = await runProcess(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint])
        try #require(mount.code == 0, "cannot mount a tmpfs (these tests run as root): \(mount.stderr)")
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }
        #expect(await tarmacOffThread(["runs", "list", "--store", mountPoint + "/store"]).code == 0)
        _ = await runProcess(["mount", "-o", "remount,ro", mountPoint])
        var environment = E2E.environment
        environment["TARMAC_STORE"] = nil
        let cwd = await runProcess([EndToEndInterruptTests.binary, "runs", "list"], in: mountPoint, environment: environment)
        #expect(cwd.code == 74 && cwd.stderr.contains("cannot create the store directory \(mountPoint)/.tarmac: Read-only file system"),
                Comment(rawValue: cwd.stderr))
        let readOnly = await tarmacOffThread(["run", try await FixturePipelines.shared.yaml("odd-log"), "--store", mountPoint + "/store",
                                              "--runner", "subprocess"])
        #expect(readOnly.code == 74 && readOnly.stderr.contains(mountPoint + "/store"), Comment(rawValue: readOnly.stderr))
        #expect(!readOnly.stderr.contains("bug in tarmac"), Comment(rawValue: readOnly.stderr))
    }

    @Test("validate refuses the output names run refuses: ../x, a/b, NUL, 5,000 characters")
    func validateRefusesOutputNamesRunRefuses() async throws {
        let directory = E2E.scratchDirectory("names")
        let long = String(repeating: "n", count: 5_000)
        for (label, name) in [("dotdot", "'../x'"), ("slash", "a/b"), ("nul", "\"a\\0b\""), ("long", long), ("reserved", "outputs")] {
            let yaml = """
                components:
                  comp-t: {executorLabel: exec-t, outputDefinitions: {artifacts: {? \(name) : {artifactType: {schemaTitle: system.Artifact, schemaVersion: 0.0.1}}}}}
                deploymentSpec: {executors: {exec-t: {container: {image: docker.io/library/busybox:1.36, command: [sh, -c, 'true']}}}}
                pipelineInfo: {name: names}
                root: {dag: {tasks: {t: {componentRef: {name: comp-t}, taskInfo: {name: t}}}}}
                schemaVersion: 2.1.0
                """
            let path = "\(directory)/\(label).yaml"
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            let result = await tarmacOffThread(["validate", path])
            #expect(result.code == 65, "\(label): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains("components[\"comp-t\"].outputDefinitions.artifacts["), "\(label): \(result.stderr.prefix(400))")
        }
    }

    @Test("--max-parallel above the core count starts every task at once")
    func maxParallelAboveCores() async throws {
        let run = await runPipeline(try await FixturePipelines.shared.yaml("wide-naps"), ["--max-parallel", "16", "--param", "seconds=4"])
        #expect(run.code == 0 && run.tasks.count == 16, run.diagnostics)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let ends = run.tasks.compactMap { $0.finished.flatMap { formatter.date(from: $0) ?? ISO8601DateFormatter().date(from: $0) } }
        // When each process really started, as it wrote it (the recorded start is stamped before the process runs).
        let starts = run.tasks.compactMap { task in
            (try? String(contentsOfFile: run.taskDirectory(task.name) + "/outputs/parameters/started", encoding: .utf8))
                .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }.map { Date(timeIntervalSince1970: $0) }
        }
        #expect(starts.count == 16 && ends.count == 16, run.diagnostics)
        // Every task started before the first one finished (on main they started one a second beyond the cores).
        guard let lastStart = starts.max(), let firstEnd = ends.min() else { return }
        #expect(lastStart < firstEnd, "last start \(lastStart), first end \(firstEnd)")
    }

    @Test("a full disk under the store: the failure, the task that did not run and the FAILED run are recorded")
    func fullDiskUnderTheStore() async throws {
        let mountPoint = E2E.scratchDirectory("full-store")
        let mount = await runProcess(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", mountPoint])
        try #require(mount.code == 0, "cannot mount a tmpfs (these tests run as root): \(mount.stderr)")
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }
        let store = mountPoint + "/store"
        let run = await runPipeline(try await FixturePipelines.shared.yaml("fill-store"), ["--store", store])
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.task("hog")?.state == "FAILED", run.diagnostics)
        // The task's own failure names where the disk ran out, not only its exit code.
        #expect(run.task("hog")?.error?.contains("no space left on device under \(store)/") == true, run.diagnostics)
        #expect(!run.stderr.contains("RunStoreError(") && !run.stderr.contains("Optional("), run.diagnostics)
        let shown = await tarmacOffThread(["runs", "show", run.runID, "--store", store])
        #expect(shown.code == 0 && shown.stdout.contains("state FAILED"), Comment(rawValue: shown.stdout + shown.stderr))
        #expect(shown.stdout.contains("FAILED    hog"), Comment(rawValue: shown.stdout))
        let after = run.task("after")?.state ?? "?"
        #expect(shown.stdout.contains("\(after.padding(toLength: 9, withPad: " ", startingAt: 0)) after"), Comment(rawValue: shown.stdout))
        #expect(after != "PENDING" && after != "RUNNING" && after != "INTERRUPTED", run.diagnostics)
    }
}

/// Moves the WAL of the store at `path` into the file, then returns the root page number of `name` (a table or
/// index in `sqlite_master`) and the page size.
private func rootPage(of name: String, inStoreAt path: String) throws -> (page: Int, size: Int) {
    let checkpoint = Process()
    checkpoint.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    checkpoint.arguments = ["sqlite3", path, "PRAGMA wal_checkpoint(TRUNCATE);"]
    checkpoint.standardOutput = FileHandle.nullDevice
    let pages = Pipe()
    let query = Process()
    query.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    query.arguments = ["sqlite3", path, "SELECT rootpage FROM sqlite_master WHERE name = '\(name)'; PRAGMA page_size;"]
    query.standardOutput = pages
    try checkpoint.run(); checkpoint.waitUntilExit()
    try query.run(); query.waitUntilExit()
    let numbers = String(decoding: pages.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
    guard numbers.count == 2, numbers[0] > 1 else { throw CocoaError(.fileReadCorruptFile) }
    return (numbers[0], numbers[1])
}

/// Changes digits in the cells of the run-id index's root page of the store at `path` (after moving the WAL
/// into the file): the rows stay intact, the index no longer matches them.
func damageRunIDIndex(_ path: String) throws {
    let root = try rootPage(of: "sqlite_autoindex_runs_1", inStoreAt: path)
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    let end = UInt64(root.page * root.size)
    try handle.seek(toOffset: end - 200)
    var bytes = [UInt8](try handle.read(upToCount: 200) ?? Data())
    for index in bytes.indices where (0x30...0x39).contains(bytes[index]) { bytes[index] = 0x30 + (bytes[index] - 0x30 + 1) % 10 }
    try handle.seek(toOffset: end - 200)
    try handle.write(contentsOf: Data(bytes))
}

/// Overwrites the page-type byte of `table`'s root page in the store at `path` (after moving the WAL into the file):
/// `PRAGMA quick_check` reports that page, and nothing that does not read `table` notices.
func damageTablePage(_ path: String, table: String) throws {
    let root = try rootPage(of: table, inStoreAt: path)
    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: UInt64((root.page - 1) * root.size))
    try handle.write(contentsOf: Data([0x00]))
}

import Foundation
import Testing

/// The real binary under resource pressure and watched from outside: 1 GiB of task output with bounded memory,
/// a full disk under the pipeline root, the store's permissions, and no network port opened by Tarmac.
@Suite(.enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler"))
struct EndToEndResourceTests {
    static var binary: String { EndToEndInterruptTests.binary }

    /// A running `tarmac` process watched every 50 ms until it ends.
    struct Watched {
        var code: Int32 = -1
        var stdout = ""
        var stderr = ""
        /// The largest resident set size seen, in KiB.
        var peakRSSKiB = 0
        /// Network sockets (TCP or UDP, any address family) Tarmac itself held, as "proto local-address state".
        var networkSockets: Set<String> = []
    }

    /// Runs the real binary with `arguments`, sampling its RSS and its sockets while it runs.
    static func watch(_ arguments: [String]) async throws -> Watched {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the tarmac product first (swift build --build-tests)")
        let scratch = E2E.scratchDirectory("watched")
        _ = FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch + "/err"))
        try process.run()
        var watched = Watched()
        while process.isRunning {
            watched.peakRSSKiB = max(watched.peakRSSKiB, residentKiB(process.processIdentifier))
            watched.networkSockets.formUnion(networkSockets(of: process.processIdentifier))
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        watched.code = process.terminationStatus
        watched.stdout = (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? ""
        watched.stderr = (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? ""
        return watched
    }

    static func residentKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// The TCP/UDP sockets among `pid`'s open files (from /proc/<pid>/fd and /proc/net/{tcp,tcp6,udp,udp6}).
    static func networkSockets(of pid: Int32) -> Set<String> {
        let fdDirectory = "/proc/\(pid)/fd"
        var inodes = Set<String>()
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? [] {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fdDirectory)/\(fd)"),
                  target.hasPrefix("socket:[") else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        guard !inodes.isEmpty else { return [] }
        var found = Set<String>()
        for proto in ["tcp", "tcp6", "udp", "udp6"] {
            let table = (try? String(contentsOfFile: "/proc/\(pid)/net/\(proto)", encoding: .utf8)) ?? ""
            for line in table.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, inodes.contains(String(fields[9])) else { continue }
                found.insert("\(proto) \(fields[1]) state \(fields[3])")  // state 0A = LISTEN
            }
        }
        return found
    }

    @Test("1 GiB of task output: Tarmac's RSS stays bounded and the whole log is kept on disk")
    func gigabyteOfLogs() async throws {
        let yaml = try await FixturePipelines.shared.yaml("loud")
        let store = E2E.scratchDirectory("loud-store")
        defer { try? FileManager.default.removeItem(atPath: store) }
        let small = try await Self.watch(["run", yaml, "--store", store, "--json", "-q", "--param", "megabytes=1"])
        let loud = try await Self.watch(["run", yaml, "--store", store, "--json", "-q", "--param", "megabytes=1024"])
        #expect(small.code == 0 && loud.code == 0, Comment(rawValue: small.stderr + loud.stderr))
        let run = PipelineRun(arguments: ["run", yaml, "--store", store], result: CommandResult(code: loud.code, stdout: loud.stdout, stderr: loud.stderr))
        #expect(run.states == ["loud": "SUCCEEDED"], run.diagnostics)
        // Kept whole on disk: 1 GiB of 'x' in lines of 999 plus newlines, then "done".
        let log = "\(store)/artifacts/loud/\(run.runID)/loud/attempt-0.log"
        let size = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? NSNumber)?.intValue ?? -1
        #expect(size > 1 << 30, "log \(log) holds \(size) bytes")
        // Memory: the 1 GiB run peaks within 64 MiB of the 1 MiB run (it streams through one 64 KiB buffer).
        #expect(small.peakRSSKiB > 0 && loud.peakRSSKiB - small.peakRSSKiB < 64 * 1024,
                "peak RSS: 1 MiB run \(small.peakRSSKiB) KiB, 1 GiB run \(loud.peakRSSKiB) KiB")
        print("gigabyteOfLogs: log \(size) bytes; peak RSS 1 MiB run \(small.peakRSSKiB) KiB, 1 GiB run \(loud.peakRSSKiB) KiB")
        try? FileManager.default.removeItem(atPath: log)
    }

    @Test("a task that fills the disk fails alone with a clear message; the store stays consistent")
    func fullDisk() async throws {
        let mountPoint = E2E.scratchDirectory("tmpfs")
        let mount = await runProcess(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", mountPoint])
        try #require(mount.code == 0 || !E2E.isCI, "cannot mount a tmpfs (needs root): \(mount.stderr)")
        guard mount.code == 0 else { return }
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }
        let store = E2E.scratchDirectory("full-disk-store")
        let yaml = try await FixturePipelines.shared.yaml("disk-hog")
        let watched = try await Self.watch(["run", yaml, "--store", store, "--json", "-q", "--pipeline-root", mountPoint, "--keep-going"])
        let run = PipelineRun(arguments: ["run", yaml, "--pipeline-root", mountPoint],
                              result: CommandResult(code: watched.code, stdout: watched.stdout, stderr: watched.stderr))
        #expect(run.code == 1 && run.state == "FAILED", run.diagnostics)
        #expect(run.states == ["small": "SUCCEEDED", "hog": "FAILED"], run.diagnostics)
        let error = run.task("hog")?.error ?? ""
        #expect(error.contains("exited with code 1") && error.contains("No space left on device"), Comment(rawValue: error))
        // The store (on another file system) is intact and lists the run.
        let integrity = await runProcess(["sqlite3", store + "/tarmac.sqlite", "PRAGMA integrity_check;"])
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", Comment(rawValue: integrity.stdout + integrity.stderr))
        let listed = await tarmacOffThread(["runs", "show", run.runID, "--store", store])
        #expect(listed.code == 0 && listed.stdout.contains("FAILED") && listed.stdout.contains("SUCCEEDED small"), Comment(rawValue: listed.stdout + listed.stderr))
    }

    @Test("a real run: the store is owner-only (0700, database 0600) and Tarmac opens no network socket")
    func storePermissionsAndNoNetwork() async throws {
        let yaml = try await FixturePipelines.shared.yaml("never-exits")
        let store = E2E.scratchDirectory("perm-store") + "/fresh/.tarmac"
        let watched = try await Self.watch(["run", yaml, "--store", store, "--json", "-q", "--param", "marker=net-\(UUID().uuidString.prefix(8))",
                                            "--task-timeout", "3", "--keep-going"])
        #expect(watched.code == 1, Comment(rawValue: watched.stderr))  // the hang task times out after 3 s of watching
        #expect(watched.networkSockets == [], "Tarmac held network sockets: \(watched.networkSockets.sorted())")
        let mode = { (path: String) in ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1 }
        #expect(mode(store) == 0o700, "store mode \(String(mode(store), radix: 8))")
        let databases = ((try? FileManager.default.contentsOfDirectory(atPath: store)) ?? []).filter { $0.hasPrefix("tarmac.sqlite") }
        #expect(!databases.isEmpty)
        for name in databases { #expect(mode(store + "/" + name) == 0o600, "\(name) mode \(String(mode(store + "/" + name), radix: 8))") }
    }
}

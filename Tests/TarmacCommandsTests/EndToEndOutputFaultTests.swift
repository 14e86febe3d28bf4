import Basics
import Engine
import Foundation
import PipelineIR
import RunDatabase
import Testing

/// Issue 17.1, 17.2 and 17.6 on the real binary: outputs that are not files, a 3 GB sparse output, and task keys
/// that used to share a task directory. The time limit turns the old behaviour (opening a FIFO blocked forever,
/// `--task-timeout` did not help) into a failure instead of a hung test run.
@Suite("End-to-end: special outputs and colliding names",
       .enabled(if: E2E.compilerTestsEnabled, "needs the KFP compiler venv (scripts/compile-examples makes it)"),
       .timeLimit(.minutes(10)))
struct EndToEndOutputFaultTests {
    @Test("a FIFO or a device as an output fails its task; a sparse output keeps its holes; special entries are named")
    func specialOutputs() async throws {
        let store = isolatedStore("special")
        let run = await runPipeline(try await FixturePipelines.shared.yaml("special-outputs"),
                                    ["--store", store, "--runner", "subprocess", "--keep-going", "--task-timeout", "60"])
        let states = Dictionary(run.tasks.map { ($0.displayName, $0.state) }, uniquingKeysWith: { a, _ in a })
        #expect(states == ["fifo": "FAILED", "device": "FAILED", "sparse": "SUCCEEDED", "entries": "SUCCEEDED"], run.diagnostics)
        let errors = Dictionary(run.tasks.map { ($0.displayName, $0.error ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(errors["fifo"]?.contains("is a FIFO (named pipe), not a file or a directory") == true, run.diagnostics)
        #expect(errors["device"]?.contains("is a character device, not a file or a directory") == true, run.diagnostics)
        // The device was never read: the store holds no copy of /dev/zero's endless bytes.
        #expect(allocatedBytes(under: store + "/objects") < 64 << 20, "objects/ grew: \(allocatedBytes(under: store + "/objects")) bytes")
        let sparse = try #require(largestFile(under: store + "/objects"))
        #expect(sparse.size == 3 * (1 << 30) + 3, "the 3 GiB sparse file plus 'end'")
        #expect(sparse.allocated < 16 << 20, "the stored sparse file lost its holes (\(sparse.allocated) bytes allocated)")
        #expect(run.stderr.contains("pipe (a FIFO (named pipe)) was not stored"), run.diagnostics)
        #expect(run.stderr.contains("sub/sock (a socket) was not stored"), run.diagnostics)
    }

    @Test("keys a, a], tâsk, tésk and for-loop-2.0 beside iteration for-loop-2[0]: six task directories, each its own bytes")
    func collidingNames() async throws {
        let compiled = try String(contentsOfFile: try await FixturePipelines.shared.yaml("names"), encoding: .utf8)
        let renames = ["w": "a", "w-2": "a]", "w-3": "tâsk", "w-4": "tésk", "w-5": "for-loop-2.0"]
        var tree = try #require(try YAMLLoader.loadDocuments(compiled, file: "names.yaml").first)
        var tasks = try #require(tree["root"]?["dag"]?["tasks"]?.objectValue)
        #expect(tasks.keys.contains("for-loop-2"), "the compiler named the loop differently: \(tasks.keys.sorted())")
        for (old, new) in renames { tasks[new] = tasks.removeValue(forKey: old) }
        tree = TreeEditor.set(tree, [.key("root"), .key("dag"), .key("tasks")], .object(tasks))
        let file = E2E.scratchDirectory("names") + "/names.json"
        try Data(tree.canonicalJSON.utf8).write(to: URL(fileURLWithPath: file))

        let run = await runPipeline(file, ["--store", isolatedStore("names"), "--runner", "subprocess", "--max-parallel", "6"])
        #expect(run.code == 0, run.diagnostics)
        let producers = Array(renames.values) + ["for-loop-2[0]/w-6"]
        let directories = producers.map(run.taskDirectory)
        #expect(Set(directories).count == 6, "\(directories)")
        for directory in directories {
            #expect(!directories.contains { $0 != directory && $0.hasPrefix(directory + "/") }, "\(directory) holds another task's directory")
        }
        // Each task's recorded output artifact lies in its own directory and holds its own text.
        let artifacts = try RunStore(path: run.store + "/tarmac.sqlite").artifacts(runID: run.runID)
        var texts: [String: String] = [:]
        for artifact in artifacts where artifact.outputKey == "out" {
            #expect(artifact.uri.hasPrefix(run.taskDirectory(artifact.producerTask) + "/"), "\(artifact.producerTask): \(artifact.uri)")
            texts[artifact.producerTask] = (try? String(contentsOfFile: artifact.uri, encoding: .utf8)) ?? "(unreadable)"
        }
        #expect(texts == ["a": "root 0", "a]": "root 1", "tâsk": "root 2", "tésk": "root 3", "for-loop-2.0": "root 4",
                          "for-loop-2[0]/w-6": "loop 0"], run.diagnostics)
    }

    private func allocatedBytes(under directory: String) -> Int64 {
        let files = FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []
        return files.reduce(0) { total, name in
            var info = stat()
            return lstat(directory + "/" + name, &info) == 0 ? total + Int64(info.st_blocks) * 512 : total
        }
    }

    private func largestFile(under directory: String) -> (size: Int64, allocated: Int64)? {
        let files = FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []
        return files.compactMap { name -> (size: Int64, allocated: Int64)? in
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            return (Int64(info.st_size), Int64(info.st_blocks) * 512)
        }.max { $0.size < $1.size }
    }
}

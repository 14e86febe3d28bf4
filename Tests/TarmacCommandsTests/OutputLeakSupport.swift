import Foundation

/// Where a value must never show up: the run's stdout and stderr, every regular file under the store and the
/// pipeline root (the SQLite database, logs, artifacts, executor outputs; symbolic links are not followed),
/// plus any extra files. Reusable by any test that plants a secret and checks it never leaks.
struct LeakCheck {
    var texts: [String: String] = [:]
    var roots: [String] = []
    /// Directories under the roots that are not searched (other tests' own stores).
    var excluded: Set<String> = []

    /// Every place (a label or a file path) that contains `value`.
    func places(containing value: String) -> [String] {
        var found = texts.filter { $0.value.contains(value) }.map(\.key)
        let needle = Data(value.utf8)
        for root in roots {
            for file in Self.regularFiles(under: root, excluding: excluded) where Self.contains(file, needle) { found.append(file) }
        }
        return found.sorted()
    }

    /// Whether `file` contains `needle`. A SQLite file is searched by a child process (`grep`): when
    /// this process opens and closes a database file that its own connections use, POSIX drops every
    /// lock this process holds on it, and another tarmac writing the same store can then corrupt it.
    static func contains(_ file: String, _ needle: Data) -> Bool {
        guard (file as NSString).lastPathComponent.contains(".sqlite") else {
            return FileManager.default.contents(atPath: file)?.range(of: needle) != nil
        }
        let grep = Process()
        grep.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        grep.arguments = ["grep", "-qaF", "--", String(decoding: needle, as: UTF8.self), file]
        grep.standardOutput = FileHandle.nullDevice
        grep.standardError = FileHandle.nullDevice
        guard (try? grep.run()) != nil else { return true }  // cannot check: report it rather than pass
        grep.waitUntilExit()
        switch grep.terminationStatus {
        case 0: return true
        case 1: return false
        // grep could not read it: a file removed meanwhile holds nothing; any other error is reported.
        default: return FileManager.default.fileExists(atPath: file)
        }
    }

    /// The regular files below `root`, without following symbolic links or entering `excluded` directories.
    static func regularFiles(under root: String, excluding excluded: Set<String> = []) -> [String] {
        var result: [String] = []
        var pending = [root]
        while let directory = pending.popLast() {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                let path = directory + "/" + name
                if excluded.contains(path) { continue }
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG: result.append(path)
                default: continue
                }
            }
        }
        return result
    }
}

extension PipelineRun {
    /// A leak check over this run's outputs, its store and its pipeline root. In the shared test store,
    /// `scratch/` holds other tests' own stores, which are theirs to check (and change while this one reads).
    func leakCheck(store: String = E2E.store) -> LeakCheck {
        var check = LeakCheck(texts: ["stdout": stdout, "stderr": stderr])
        check.roots = [store]
        check.excluded = [store + "/scratch"]
        if let index = arguments.firstIndex(of: "--pipeline-root") { check.roots.append(arguments[index + 1]) }
        return check
    }
}

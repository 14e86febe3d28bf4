import Foundation

/// Bytecode shared through the store's uv cache. pip compiles every module of a package when it installs it;
/// uv does not, so in a uv-built environment the first task compiles each module it imports (for the ML
/// example's preprocess, 4.4–4.9 s against 1.1–1.3 s in the pip-built one). uv installs by hard-linking every
/// file of a package's unpacked copy in its cache, `__pycache__` included, so bytecode compiled once into the
/// cache (the store's own, `<store>/envs/uv-cache`) comes with every later environment with that package, for
/// no disk and no time. Python checks a `.pyc` against its source's mtime and size, which a hard link shares,
/// and writes a new `.pyc` by renaming, never into the linked file.
extension PythonEnvironmentStore {
    /// The unpacked packages of the store's uv cache.
    var uvArchiveDirectory: String { uvCacheDirectory + "/archive-v0" }

    /// When `environment` was completed (its ready marker written), if uv built it (its `pyvenv.cfg` has a
    /// `uv = <version>` line); nil for a pip-built one.
    public static func uvBuildDate(_ environment: PythonEnvironment) -> Date? {
        guard let config = try? String(contentsOfFile: environment.root + "/pyvenv.cfg", encoding: .utf8),
              config.split(separator: "\n").contains(where: { $0.hasPrefix("uv = ") }) else { return nil }
        let marker = environment.root + "/" + readyMarker
        return (try? FileManager.default.attributesOfItem(atPath: marker))?[.modificationDate] as? Date
    }

    /// Compiles the bytecode of the packages in the store's uv cache with the base interpreter, at the lowest CPU
    /// priority (`nice -n 19`), skipping test directories (rarely imported) and modules already compiled, through
    /// `runner` (so that it can be stopped). Returns whether compileall finished.
    @discardableResult
    public func compileCachedBytecode(runner: TaskRunner) -> Bool {
        guard FileManager.default.fileExists(atPath: uvArchiveDirectory) else { return false }
        let argv = ["nice", "-n", "19", basePython, "-m", "compileall", "-qq", "-x", "[/\\\\]tests?[/\\\\]", uvArchiveDirectory]
        let spec = ProcessSpec(argv: argv, environment: Self.childEnvironment(), workingDirectory: uvCacheDirectory,
                               logFile: uvCacheDirectory + "/tarmac-bytecode.log")
        return runner.run(spec).succeeded
    }
}

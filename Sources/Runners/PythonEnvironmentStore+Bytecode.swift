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

    /// Compiles the bytecode of the packages in the store's uv cache with the base interpreter, at the lowest CPU
    /// priority (`nice -n 19`), skipping test directories (rarely imported) and modules compiled already, through
    /// `runner` (so that it can be stopped). Returns whether it finished.
    @discardableResult
    public func compileCachedBytecode(runner: TaskRunner) -> Bool {
        guard FileManager.default.fileExists(atPath: uvArchiveDirectory) else { return false }
        let staging = root + "/tmp-bytecode"
        try? FileManager.default.removeItem(atPath: staging)
        guard (try? makeDirectory(staging)) != nil else { return false }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let argv = ["nice", "-n", "19", basePython, "-c", Self.compileScript, uvArchiveDirectory, staging]
        let spec = ProcessSpec(argv: argv, environment: Self.childEnvironment(), workingDirectory: staging,
                               logFile: root + "/tarmac-bytecode.log")
        return runner.run(spec).succeeded
    }

    /// Each `.pyc` is written in a staging directory and renamed into the cache's `__pycache__`, never written
    /// there (as compileall would, through a temporary file next to it): a uv build running meanwhile links the
    /// files it lists, and a temporary file gone before uv links it would fail the build.
    static let compileScript = """
        import importlib.util, os, py_compile, sys
        root, staging = sys.argv[1], sys.argv[2]
        count = 0
        for directory, subdirectories, files in os.walk(root):
            subdirectories[:] = [d for d in subdirectories if d not in ('test', 'tests', '__pycache__')]
            for name in files:
                if not name.endswith('.py'):
                    continue
                source = os.path.join(directory, name)
                target = importlib.util.cache_from_source(source)
                if os.path.exists(target):
                    continue
                count += 1
                temporary = os.path.join(staging, '%d.pyc' % count)
                try:
                    py_compile.compile(source, cfile=temporary, doraise=True)
                except Exception:
                    continue
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(temporary, target)
        """
}

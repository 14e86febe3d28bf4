import ArgumentParser
import Engine

/// `--no-cache`, `--cache-mode`, `--explain` of `tarmac run`.
struct CacheOptions: ParsableArguments {
    @Flag(name: .customLong("no-cache"), help: ArgumentHelp(
        "Neither look up nor write the execution cache (the cluster's global cache switch).",
        discussion: "KFP_DISABLE_EXECUTION_CACHING_BY_DEFAULT acts when the SDK compiles, not here: it writes enableCache: false into the IR."))
    var noCache = false

    @Option(name: .customLong("cache-mode"), help: ArgumentHelp("read-write (default), read (never write entries), write (always run, refresh entries) or off.",
                                                                valueName: "MODE"))
    var cacheMode: String?

    @Flag(help: "After the run, say for each task that ran why it missed the cache.")
    var explain = false

    /// The mode chosen; `--no-cache` wins.
    func mode() throws -> CacheMode {
        if noCache { return .off }
        guard let cacheMode else { return .readWrite }
        guard let mode = CacheMode(rawValue: cacheMode) ?? (cacheMode == "readwrite" ? .readWrite : nil) else {
            throw UsageError("--cache-mode must be one of read-write, read, write, off; got '\(cacheMode)'")
        }
        return mode
    }
}

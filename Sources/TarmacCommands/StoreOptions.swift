import ArgumentParser
import Foundation
import Engine
import RunDatabase

/// `--store DIR` (env `TARMAC_STORE`, default `./.tarmac`), shared by every command that reads or writes runs.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp("The store directory (default: $TARMAC_STORE, else store in tarmac.toml, else ./.tarmac).", valueName: "DIR"))
    var storePath: String?

    /// The store directory, absolute: `--store`, else `$TARMAC_STORE`, else `store` of the config files, else `./.tarmac`.
    var directory: String { resolved.path }

    /// The store directory and where that came from (`tarmac config show`).
    var resolved: (path: String, source: ConfigSource) {
        if let storePath { return (absolute(storePath), .flag("--store")) }
        if let variable = ProcessInfo.processInfo.environment["TARMAC_STORE"], !variable.isEmpty { return (absolute(variable), .environment("TARMAC_STORE")) }
        if let entry = Config.current.fileValue(.store), case .string(let path) = entry.value { return (path, entry.source) }
        return (absolute(".tarmac"), .defaultValue)
    }

    /// The store's run database, `<store>/tarmac.sqlite`.
    var databasePath: String { (directory as NSString).appendingPathComponent("tarmac.sqlite") }

    /// Opens (creating if needed) the run database of the store, first marking runs whose tarmac
    /// process was killed INTERRUPTED and ending the task processes they left (said on stderr).
    func open() throws -> RunStore {
        let store = try RunStore(path: databasePath)
        for run in RunRecovery.recover(store: store) {
            var ended = run.endedProcesses == 0 ? "" : "; ended \(run.endedProcesses) task processes it left running"
            if run.removedContainers > 0 { ended += "; removed \(run.removedContainers) of its containers" }
            Console.error("tarmac: warning: run \(run.runID.prefix(8)) was interrupted (its tarmac process is gone): marked INTERRUPTED\(ended)")
        }
        return store
    }

    /// How long `run` lets `quick_check` read the database before it starts (a larger store is checked that far).
    static let quickCheckSeconds = 2.0

    /// `open()`, then a bounded `PRAGMA quick_check` unless the file is as a sound-checked `run` left it
    /// (`RunStore.checkSoundness`): `run` refuses a store with damaged pages before writing to it.
    func openSound() throws -> RunStore {
        let unchanged = RunStore.unchangedSinceSound(path: databasePath)
        let store = try open()
        if case .damaged(let problems) = try store.checkSoundness(within: Self.quickCheckSeconds, unchanged: unchanged) {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more)" : ""
            throw RunStoreError(.damaged, "the run store is damaged, so no run was started: quick_check found \(problems[0])\(more)",
                                path: databasePath,
                                hint: "run `tarmac store check` to see what; `tarmac store repair` backs the file up first, then rebuilds its indexes")
        }
        return store
    }
}

import ArgumentParser
import Foundation
import RunDatabase

/// `--store DIR` (env `TARMAC_STORE`, default `./.tarmac`), shared by every command that reads or writes runs.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp("The store directory (default: $TARMAC_STORE or ./.tarmac).", valueName: "DIR"))
    var storePath: String?

    /// The store directory, absolute.
    var directory: String {
        let path = storePath ?? ProcessInfo.processInfo.environment["TARMAC_STORE"] ?? ".tarmac"
        return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Opens (creating if needed) the run database of the store.
    func open() throws -> RunStore {
        try RunStore(path: (directory as NSString).appendingPathComponent("tarmac.sqlite"))
    }
}

import ArgumentParser
import Basics
import Foundation
import RunDatabase

/// `tarmac store check|repair|backup`: the health and safekeeping of the store's database.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Check, repair or back up the store's run database.",
        subcommands: [Check.self, Repair.self, Backup.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the database (integrity_check, foreign_key_check) and look for files no run owns.",
            discussion: "Exit status 1 when the database is damaged or run directories belong to no recorded run.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print one JSON document (docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let store = try storeOptions.open()
            let health = try StoreHealth.check(store: store, directory: storeOptions.directory, objects: storeOptions.objects)
            Console.out(json ? RecordJSON.document(health.json) : health.lines.joined(separator: "\n"))
            if !json && (!health.integrity.isEmpty || !health.foreignKeys.isEmpty) {
                Console.error("tarmac: hint: `tarmac store repair` backs the database up, then rebuilds its indexes")
            }
            if !health.isSound { throw CommandExit(code: .taskFailed) }
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Back the database up (VACUUM INTO), rebuild its indexes (REINDEX), then check it again.",
            discussion: "No run is ever deleted. An empty (0-byte) database next to earlier runs' files starts a new history. "
                + "Exit status 1 when the database is still damaged afterwards (the backup keeps everything that could be read).")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print one JSON document (docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let path = storeOptions.databasePath
            let store: RunStore
            do {
                store = try storeOptions.open()
            } catch let error as RunStoreError where error.kind == .lostHistory {
                _ = try RunStore(path: path, startingOver: true)
                say(["started a new history in \(path): the file was empty, so earlier runs and cache entries are lost; "
                     + "artifacts/ and objects/ were kept (`tarmac store check` lists what no run owns)"],
                    ["new_history": .bool(true), "backup": .null, "backup_kind": .null, "reindexed": .bool(false),
                     "remaining_problems": .array([]), "sound": .bool(true)])
                return
            }
            let backup = storeOptions.directory + "/backups/tarmac-\(Self.timestamp()).sqlite"
            try FileManager.default.createDirectory(atPath: storeOptions.directory + "/backups", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            var lines = ["backed up to \(backup)"], kind = "vacuum"
            do {
                try store.backup(to: backup)
            } catch let error as RunStoreError where error.kind == .damaged {
                // VACUUM cannot read every page: keep the files byte for byte instead.
                for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
                    try FileManager.default.copyItem(atPath: path + suffix, toPath: backup + suffix)
                }
                lines = ["backed up to \(backup) (a byte copy: VACUUM INTO could not read every page: \(error.message))"]
                kind = "byte-copy"
            }
            try store.reindex()
            lines.append("rebuilt every index")
            let remaining = try store.integrityCheck().filter { $0 != "ok" } + store.foreignKeyProblems()
            if remaining.isEmpty {
                lines.append("database: integrity_check ok")
            } else {
                lines.append("still damaged after REINDEX (\(remaining.count) problems):\n" + remaining.prefix(20).map { "  \($0)" }.joined(separator: "\n"))
            }
            say(lines, ["new_history": .bool(false), "backup": .string(backup), "backup_kind": .string(kind), "reindexed": .bool(true),
                        "remaining_problems": .array(remaining.map(JSONValue.string)), "sound": .bool(remaining.isEmpty)])
            guard remaining.isEmpty else {
                Console.error("tarmac: hint: the damage is in the tables themselves; `sqlite3 \(path) .recover` salvages "
                              + "the readable rows into a new file, and \(backup) keeps everything VACUUM could read")
                throw CommandExit(code: .taskFailed)
            }
        }

        /// The result on stdout: `lines` as text, or `members` as the `--json` document.
        private func say(_ lines: [String], _ members: [String: JSONValue]) {
            Console.out(json ? RecordJSON.document(members) : lines.joined(separator: "\n"))
        }

        static func timestamp() -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            return formatter.string(from: Date()) + "-\(getpid())"
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the run database to FILE (one self-contained SQLite file), even while runs write to it.",
            discussion: "Restore it by copying FILE to <store>/tarmac.sqlite while no tarmac uses the store (remove tarmac.sqlite-wal "
                + "and tarmac.sqlite-shm first). Artifacts and objects are files: copy the store directory for them.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The backup file to create (it must not exist).") var file: String
        @Flag(help: "Print one JSON document (docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let target = absolute(file)
            try storeOptions.open().backup(to: target)
            guard json else { return Console.out("backed up \(storeOptions.databasePath) to \(target)") }
            let bytes = ((try? FileManager.default.attributesOfItem(atPath: target))?[.size] as? NSNumber)?.doubleValue ?? 0
            Console.out(RecordJSON.document(["database": .string(storeOptions.databasePath), "backup": .string(target), "bytes": .number(bytes)]))
        }
    }
}

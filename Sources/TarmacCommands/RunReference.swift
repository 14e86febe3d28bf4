import ArgumentParser
import Basics
import PipelineIR
import RunDatabase

/// How a command line names a recorded run: `latest` (the newest run, also `-1`), `-N` (the N-th newest),
/// a full run id, or a unique prefix of one (as git names commits).
enum RunReference: Equatable {
    /// The N-th newest run of the store (1 is the newest).
    case newest(Int)
    /// A run id or a prefix of one.
    case id(String)

    /// Reads what the user typed (`latest`, `-2`, `3f9c`). `TarmacMain` escapes a `-N` argument so that the
    /// parser does not take it for an option; that escape is undone here.
    init(_ text: String) {
        let text = RunReference.unescaped(text)
        if text == "latest" {
            self = .newest(1)
        } else if text.hasPrefix("-"), let n = Int(text.dropFirst()), n >= 1 {
            self = .newest(n)
        } else {
            self = .id(text)
        }
    }

    /// The run this names in `store`. An unknown run, an ambiguous prefix (the error lists the candidates)
    /// or `-N` past the oldest run is invalid input (exit 65), the same in every command.
    func resolve(in store: RunStore) throws -> RunRecord {
        switch self {
        case .newest(let n):
            let runs = try store.runs(limit: n)
            guard runs.count == n else {
                let said = n == 1 ? "latest" : "-\(n)"
                throw IRError("no run '\(said)' in \(store.path): the store holds \(runs.count) run\(runs.count == 1 ? "" : "s")",
                              at: .path(store.path),
                              hint: runs.isEmpty ? "run a pipeline first (tarmac run PIPELINE), or check --store" : "tarmac runs list shows them")
            }
            return runs[n - 1]
        case .id(let prefix):
            do {
                return try store.run(id: prefix)
            } catch let error as RunStoreError where error.kind == .unknownRun || error.kind == .ambiguousRun {
                throw IRError(error.message, at: error.location,
                              hint: error.kind == .ambiguousRun ? error.hint : "latest, -1, -2… name the newest runs; tarmac runs list shows them")
            }
        }
    }

    /// The help of a run argument.
    static func help(_ what: String) -> ArgumentHelp {
        ArgumentHelp("\(what): latest, -1, -2… (newest first), a run id, or a unique prefix of one.", valueName: "RUN")
    }

    /// The help of a run argument.
    static var help: ArgumentHelp { help("The run") }

    /// Resolves `text` in `store` (see ``resolve(in:)``).
    static func resolve(_ text: String, in store: RunStore) throws -> RunRecord {
        try RunReference(text).resolve(in: store)
    }

    /// The prefix `TarmacMain` puts before a `-N` argument (a private-use character, so no user types it).
    static let escape: Character = "\u{E000}"

    /// `text` without the escape of a `-N` argument (also used to clean the parser's messages).
    static func unescaped(_ text: String) -> String {
        text.contains(escape) ? String(text.filter { $0 != escape }) : text
    }

    /// Commands whose arguments name runs; in them, `-N` is a run reference, not an option.
    static let commands: Set<String> = ["runs", "logs", "report", "explain", "inspect", "shell"]

    /// `arguments` with each `-N` escaped (so the parser reads it as a positional argument), when the
    /// command names runs; nothing after `--` is touched.
    static func escapingNewest(_ arguments: [String]) -> [String] {
        guard arguments.contains(where: commands.contains) else { return arguments }
        var result: [String] = []
        var passthrough = false
        for argument in arguments {
            if argument == "--" { passthrough = true }
            let isNewest = argument.count > 1 && argument.hasPrefix("-") && argument.dropFirst().allSatisfy(\.isASCIIDigit)
            result.append(!passthrough && isNewest ? String(escape) + argument : argument)
        }
        return result
    }
}

extension Character {
    /// 0–9 only (not other scripts' digits).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

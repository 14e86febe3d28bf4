/// A run option as the planner and the engine name it in their messages. How it is spelled to the user (on the
/// command line, `--keep-volumes`) is the caller's business (`OptionNames`): no target below the commands spells a flag.
public enum OptionKey: String, Sendable, Hashable, CaseIterable {
    /// An input artifact of the root DAG.
    case artifact
    /// A run parameter, and the file of run parameters.
    case param, paramsFile
    /// A partial run.
    case only, from, until
    /// The time limit of an attempt.
    case taskTimeout
    /// Volumes kept, volumes given as directories.
    case keepVolumes, volume
    /// Where secrets and config maps are read.
    case secretsDirectory
    /// Remote URI prefixes mapped to local directories.
    case uriMap
}

/// How a caller spells option keys in the messages it shows (TarmacCommands: `OptionNames.commandLine`).
public struct OptionNames: Sendable {
    private let spell: @Sendable (OptionKey) -> String

    public init(_ spell: @escaping @Sendable (OptionKey) -> String) { self.spell = spell }

    /// The name of `key`.
    public func callAsFunction(_ key: OptionKey) -> String { spell(key) }

    /// Each option by its key (`keepVolumes`), for callers with no names of their own.
    public static let keys = OptionNames { $0.rawValue }
}

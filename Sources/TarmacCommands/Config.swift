import Basics
import Foundation

/// Where one effective setting came from.
enum ConfigSource: Sendable, Equatable, CustomStringConvertible {
    case flag(String)
    case environment(String)
    case file(String, line: Int)
    case defaultValue

    var description: String {
        switch self {
        case .flag(let option): return "flag \(option)"
        case .environment(let name): return "env \(name)"
        case .file(let path, let line): return "\(path):\(line)"
        case .defaultValue: return "default"
        }
    }

    var json: JSONValue {
        switch self {
        case .flag(let option): return .object(["kind": .string("flag"), "option": .string(option)])
        case .environment(let name): return .object(["kind": .string("env"), "variable": .string(name)])
        case .file(let path, let line): return .object(["kind": .string("file"), "file": .string(path), "line": .number(Double(line))])
        case .defaultValue: return .object(["kind": .string("default")])
        }
    }
}

/// Where config files are looked for: the directory the project file search starts in, and the environment
/// (`XDG_CONFIG_HOME`, `HOME`). Tests bind `Config.$search` to point it at scratch directories.
struct ConfigSearch: Sendable {
    var directory: String
    var environment: [String: String]

    static var process: ConfigSearch {
        ConfigSearch(directory: FileManager.default.currentDirectoryPath, environment: ProcessInfo.processInfo.environment)
    }

    /// The first `tarmac.toml` in `directory` or one of its parents (like `.git`, the nearest wins).
    var projectFile: String? {
        var current = (directory as NSString).standardizingPath
        while true {
            let candidate = (current as NSString).appendingPathComponent("tarmac.toml")
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// `$XDG_CONFIG_HOME/tarmac/config.toml`, else `$HOME/.config/tarmac/config.toml`.
    var userFile: String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/tarmac/config.toml" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/tarmac/config.toml"
    }
}

/// The settings of the config files: the project file wins over the user file; flags (and `TARMAC_STORE`)
/// win over both, where each option is resolved.
struct Config: Sendable {
    /// The project file (if found) and the user file (if it exists), highest precedence first.
    let files: [ConfigFile]
    /// The paths looked at, for `config show`: (scope, path, found).
    let searched: [(scope: String, path: String, found: Bool)]

    /// No files.
    static let empty = Config(files: [], searched: [])

    /// The config of the command being run (bound by `TarmacMain.execute`).
    @TaskLocal static var current: Config = .empty
    /// Where `TarmacMain.execute` looks for files; nil means the process's directory and environment.
    @TaskLocal static var search: ConfigSearch?

    /// Reads the files `search` finds; a broken file is a located error (exit 65).
    static func load(_ search: ConfigSearch) throws -> Config {
        var files: [ConfigFile] = []
        var searched: [(scope: String, path: String, found: Bool)] = []
        if let project = search.projectFile {
            files.append(try ConfigFile.read(project))
            searched.append(("project", project, true))
        } else {
            searched.append(("project", (search.directory as NSString).appendingPathComponent("tarmac.toml") + " (and its parents)", false))
        }
        if let user = search.userFile {
            let found = FileManager.default.fileExists(atPath: user)
            if found { files.append(try ConfigFile.read(user)) }
            searched.append(("user", user, found))
        }
        return Config(files: files, searched: searched)
    }

    /// The value a file sets for `key` and where (the project file first), or nil.
    func fileValue(_ key: ConfigKey) -> (value: ConfigValue, source: ConfigSource)? {
        for file in files {
            if let entry = file.values[key] { return (entry.value, .file(file.path, line: entry.line)) }
        }
        return nil
    }

    /// A string setting from the files.
    func string(_ key: ConfigKey) -> String? {
        if case .string(let value)? = fileValue(key)?.value { return value }
        return nil
    }

    /// A string-array setting from the files.
    func strings(_ key: ConfigKey) -> [String]? {
        if case .strings(let values)? = fileValue(key)?.value { return values }
        return nil
    }

    /// An integer setting from the files.
    func integer(_ key: ConfigKey) -> Int? {
        if case .integer(let value)? = fileValue(key)?.value { return value }
        return nil
    }
}

import ArgumentParser
import Basics

/// `tarmac config show`
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show the settings of the config files (tarmac.toml, ~/.config/tarmac/config.toml).",
        subcommands: [Show.self], defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective settings and where each came from (flag, env, file:line or default).",
            discussion: """
                The project file is the nearest tarmac.toml in the working directory or a parent; the user file is \
                $XDG_CONFIG_HOME/tarmac/config.toml (default ~/.config/tarmac/config.toml). Flags win over the project \
                file, which wins over the user file.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print one JSON document (schema in docs/json-schemas.md) instead of text.") var json = false

        func run() throws {
            let config = Config.current
            let settings = EffectiveSettings.list(config: config, store: storeOptions)
            if json {
                var members: [String: JSONValue] = [:]
                for setting in settings {
                    members[setting.key.rawValue] = .object(["value": setting.value?.json ?? .null, "source": setting.source.json])
                }
                Console.out(RecordJSON.document([
                    "settings": .object(members),
                    "files": .array(config.searched.map { .object(["scope": .string($0.scope), "path": .string($0.path), "found": .bool($0.found)]) }),
                ]))
                return
            }
            let width = ConfigKey.allCases.map(\.rawValue.count).max() ?? 0
            var lines = settings.map { setting in
                let text = setting.value?.text ?? setting.key.defaultDescription
                return setting.key.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + text + "    # " + setting.source.description
            }
            lines.append("")
            lines += config.searched.map { "\($0.scope) file: \($0.path)" + ($0.found ? "" : " (none)") }
            Console.out(lines.joined(separator: "\n"))
        }
    }
}

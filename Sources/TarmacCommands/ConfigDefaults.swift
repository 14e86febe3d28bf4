import Foundation

extension ContainerRunOptions {
    /// These options with what the config files set for the ones not given on the command line
    /// (`runner`, `mount`, `env`, `network`, `secrets-dir`, `inherit-proxy`; a list given as flags replaces the file's list;
    /// `--inherit-proxy` can only turn the setting on).
    func withConfig(_ config: Config) -> ContainerRunOptions {
        var options = self
        if options.runner == nil { options.runner = config.string(.runner) }
        if options.mounts.isEmpty { options.mounts = config.strings(.mount) ?? [] }
        if options.environment.isEmpty { options.environment = config.strings(.env) ?? [] }
        if options.network == nil { options.network = config.string(.network) }
        if options.secretsDirectory == nil { options.secretsDirectory = config.string(.secretsDir) }
        if !options.inheritProxy { options.inheritProxy = config.boolean(.inheritProxy) ?? false }
        return options
    }
}

/// The effective value of every config key and its source, for `tarmac config show`.
enum EffectiveSettings {
    /// (key, value text or nil for the default, JSON value, source), in `ConfigKey` order.
    static func list(config: Config, store: StoreOptions) -> [(key: ConfigKey, value: ConfigValue?, source: ConfigSource)] {
        ConfigKey.allCases.map { key in
            if key == .store {
                let (path, source) = store.resolved
                return (key, .string(path), source)
            }
            if let variable = key.environmentVariable, let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty {
                return (key, .string(value), .environment(variable))
            }
            if let entry = config.fileValue(key) { return (key, entry.value, entry.source) }
            return (key, nil, .defaultValue)
        }
    }
}

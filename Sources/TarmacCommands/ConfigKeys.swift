import PipelineIR

/// The keys a config file (`tarmac.toml`, `~/.config/tarmac/config.toml`) may set. To add a key: add a
/// case here with its kind and help, then read it where the option is resolved (`Config.current.string(_:)`, `strings`, `integer`,
/// `boolean`).
enum ConfigKey: String, CaseIterable, Sendable {
    case store
    case runner
    case mount
    case env
    case network
    case secretsDir = "secrets-dir"
    case uriMap = "uri-map"
    case maxParallel = "max-parallel"
    case inheritProxy = "inherit-proxy"
    case clusterVersion = "cluster-version"
    case host

    /// The TOML type a key takes.
    enum Kind: Sendable {
        /// A string naming a file or directory; relative paths are relative to the config file's directory.
        case path
        /// A string.
        case string
        /// An array of strings.
        case strings
        /// An integer.
        case integer
        /// A boolean (`true` or `false`).
        case boolean
    }

    var kind: Kind {
        switch self {
        case .store, .secretsDir: return .path
        case .runner, .network, .clusterVersion, .host: return .string
        case .mount, .env, .uriMap: return .strings
        case .maxParallel: return .integer
        case .inheritProxy: return .boolean
        }
    }

    /// The environment variable that also sets it (between the flag and the files), if any.
    var environmentVariable: String? {
        switch self {
        case .store: return "TARMAC_STORE"
        case .host: return "KFP_HOST"
        default: return nil
        }
    }

    /// What the setting is when nothing sets it, as `config show` says it.
    var defaultDescription: String {
        switch self {
        case .store: return "./.tarmac"
        case .runner: return "auto"
        case .mount, .env, .uriMap: return "(none)"
        case .network: return "(the engine's)"
        case .secretsDir: return "(none)"
        case .maxParallel: return "(the number of cores)"
        case .inheritProxy: return "false"
        case .clusterVersion: return ClusterVersion.newestKnown.description
        case .host: return "(none: submit and watch need --host)"
        }
    }

    /// The TOML type named in errors.
    var typeName: String {
        switch kind {
        case .path, .string: return "a string"
        case .strings: return "an array of strings"
        case .integer: return "an integer"
        case .boolean: return "a boolean (true or false)"
        }
    }
}

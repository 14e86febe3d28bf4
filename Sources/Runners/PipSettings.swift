import Foundation

/// pip's own settings that change what gets installed or how it is fetched — `PIP_*` variables and the
/// `[global]`/`[install]` sections of pip's configuration files — turned into uv's environment
/// variables, so that a uv build fetches from the same indexes, links and CA bundle as pip would.
///
/// | pip setting | uv variable |
/// |---|---|
/// | `index-url` | `UV_INDEX_URL` |
/// | `extra-index-url` | `UV_EXTRA_INDEX_URL` |
/// | `find-links` | `UV_FIND_LINKS` |
/// | `trusted-host` | `UV_INSECURE_HOST` |
/// | `no-index` | `UV_NO_INDEX` |
/// | `pre` | `UV_PRERELEASE=allow` |
/// | `cert` | `SSL_CERT_FILE` (unless already set) |
/// | `timeout`/`default-timeout` | `UV_HTTP_TIMEOUT` |
/// | `disable-pip-version-check`, `no-input`, `quiet`, `verbose`, `no-cache-dir`, `progress-bar`, `retries`, `no-warn-script-location`, `root-user-action` | ignored |
/// | anything else | uv is not used (`unsupportedByUv` says which) |
///
/// Files read, later ones overriding earlier ones, then the variables: `/etc/xdg/pip/pip.conf`,
/// `/etc/pip.conf`, `~/.pip/pip.conf`, `~/.config/pip/pip.conf` — or only `PIP_CONFIG_FILE` when set
/// (`os.devnull` = none), as pip does.
public struct PipSettings: Sendable, Hashable {
    /// Setting name (without `PIP_`, lower case, `-` separated) → value.
    public var values: [String: String]

    static let ignored: Set<String> = ["disable-pip-version-check", "no-input", "quiet", "verbose", "no-cache-dir",
                                       "progress-bar", "retries", "no-warn-script-location", "root-user-action",
                                       "no-color", "require-virtualenv"]
    static let uvVariables: [String: String] = ["index-url": "UV_INDEX_URL", "extra-index-url": "UV_EXTRA_INDEX_URL",
                                                "find-links": "UV_FIND_LINKS", "trusted-host": "UV_INSECURE_HOST",
                                                "timeout": "UV_HTTP_TIMEOUT", "default-timeout": "UV_HTTP_TIMEOUT"]

    public init(values: [String: String]) { self.values = values }

    /// The settings in force for a pip started with `environment`.
    public static func current(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PipSettings {
        var values: [String: String] = [:]
        let home = environment["HOME"] ?? NSHomeDirectory()
        let files = environment["PIP_CONFIG_FILE"].map { [$0] }
            ?? ["/etc/xdg/pip/pip.conf", "/etc/pip.conf", home + "/.pip/pip.conf", home + "/.config/pip/pip.conf"]
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            values.merge(parseConfig(text)) { _, new in new }
        }
        for (name, value) in environment where name.hasPrefix("PIP_") && name != "PIP_CONFIG_FILE" {
            values[name.dropFirst(4).lowercased().replacingOccurrences(of: "_", with: "-")] = value
        }
        return PipSettings(values: values)
    }

    /// The `[global]` and `[install]` keys of an INI text (`[install]` wins), multi-line values joined by spaces.
    static func parseConfig(_ text: String) -> [String: String] {
        var sections: [String: [String: String]] = [:]
        var section = "", lastKey: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces); lastKey = nil; continue
            }
            if raw.first == " " || raw.first == "\t", let key = lastKey {  // a continuation line
                sections[section, default: [:]][key, default: ""] += " " + line; continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
            sections[section, default: [:]][key] = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            lastKey = key
        }
        return (sections["global"] ?? [:]).merging(sections["install"] ?? [:]) { _, new in new }
    }

    /// Why uv cannot stand in for pip under these settings, nil when it can.
    public var unsupportedByUv: String? {
        let unknown = values.keys.filter { !Self.ignored.contains($0) && Self.uvVariables[$0] == nil
            && !["cert", "no-index", "pre"].contains($0) }.sorted()
        return unknown.first.map { "pip's setting `\($0)` has no uv equivalent here" }
    }

    /// uv's variables for these settings; `inherited` is the environment uv starts with.
    public func uvEnvironment(inherited: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in values {
            if let variable = Self.uvVariables[key] { result[variable] = Self.words(value).joined(separator: " ") }
        }
        if let links = values["find-links"] { result["UV_FIND_LINKS"] = Self.words(links).joined(separator: ",") }
        if Self.isTrue(values["no-index"]) { result["UV_NO_INDEX"] = "1" }
        if Self.isTrue(values["pre"]) { result["UV_PRERELEASE"] = "allow" }
        if let cert = values["cert"], inherited["SSL_CERT_FILE"] == nil { result["SSL_CERT_FILE"] = cert }
        return result
    }

    static func words(_ value: String) -> [String] { value.split(whereSeparator: \.isWhitespace).map(String.init) }
    static func isTrue(_ value: String?) -> Bool { ["1", "true", "yes", "on"].contains(value?.lowercased() ?? "") }
}

/// One `pip install` step (its arguments, as `LightweightPythonCommand.installSteps` has them)
/// rewritten for `uv pip install`, keeping pip's meaning. Pure.
///
/// | pip | uv |
/// |---|---|
/// | requirement words, `-r F`, `-c F`, `-e P`, `--no-deps`, `-U`/`--upgrade`, `--no-index`, `-i`/`--index-url U`, `--extra-index-url U`, `-f`/`--find-links L`, `--only-binary X`, `--no-binary X`, `--require-hashes` | the same |
/// | `--trusted-host H` | `--allow-insecure-host H` (H a host[:port]; anything else, which pip ignores and uv refuses, builds with pip) |
/// | `--pre` | `--prerelease allow` |
/// | `--force-reinstall` | `--reinstall` |
/// | `--no-cache-dir`, `--no-input`, `--disable-pip-version-check`, `-q`, `-v`, `--compile` | dropped (chatter, cache and pip's default, not what is installed) |
/// | `--no-compile` | never `--compile-bytecode` (below) |
/// | anything else (`--user`, `--target`, `--prefer-binary`, `--upgrade-strategy`, …) | unsupported: the environment is built with pip |
///
/// Every step also gets `--index-strategy unsafe-best-match`: pip takes the best version across the
/// index and every extra index, uv by default only the first index that has the package.
///
/// Bytecode: pip writes every `.pyc` at install; uv leaves them to the first import, which writes only
/// the modules used (measured here on the ML example's cold run: 8.4–9.2 s lazily, 15.3–15.6 s with all
/// 3,859 files compiled at install). When `PYTHONDONTWRITEBYTECODE` is set (as in many images and CI
/// machines) imports cannot keep them, so every task would compile pandas and scikit-learn again (4.0 s
/// against 1.5 s per import): then `compileAtInstall` adds `--compile-bytecode`, as pip would.
enum UvInstallStep {
    /// Options whose value follows them (or is joined with `=`) and that uv spells the same.
    static let sameWithValue: Set<String> = ["-r", "--requirement", "-c", "--constraint", "-e", "--editable",
                                             "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
                                             "--only-binary", "--no-binary"]
    static let sameFlags: Set<String> = ["--no-deps", "-U", "--upgrade", "--no-index", "--require-hashes"]
    static let dropped: Set<String> = ["--no-cache-dir", "--no-input", "--disable-pip-version-check",
                                       "-q", "--quiet", "-v", "--verbose", "--no-warn-script-location", "--compile"]
    /// uv's names for pip's long options that differ.
    static let renamedWithValue: [String: String] = ["--trusted-host": "--allow-insecure-host"]
    static let renamedFlags: [String: [String]] = ["--pre": ["--prerelease", "allow"], "--force-reinstall": ["--reinstall"]]
    /// uv's spelling of pip's `--requirement`-style long forms, where uv only has the other one.
    static let canonical: [String: String] = ["--requirement": "--requirements", "--constraint": "--constraints"]

    /// The `uv pip install` arguments for `step`, or why uv cannot honour it.
    static func arguments(for step: [String], compileAtInstall: Bool = false) -> Result<[String], Unsupported> {
        var result: [String] = []
        var compile = compileAtInstall
        var index = 0
        while index < step.count {
            let word = step[index]
            index += 1
            guard word.hasPrefix("-"), word != "-" else { result.append(word); continue }
            let (option, joined) = split(word)
            if sameFlags.contains(option), joined == nil {
                result.append(option)
            } else if option == "--no-compile", joined == nil {
                compile = false
            } else if dropped.contains(option), joined == nil {
                continue
            } else if let flags = renamedFlags[option], joined == nil {
                result += flags
            } else if sameWithValue.contains(option) || renamedWithValue[option] != nil {
                let value: String
                if let joined { value = joined } else {
                    guard index < step.count else { return .failure(Unsupported(reason: "`\(option)` has no value")) }
                    value = step[index]
                    index += 1
                }
                if option == "--trusted-host", !isHost(value) {
                    return .failure(Unsupported(reason: "uv's --allow-insecure-host takes a host[:port], not pip's --trusted-host `\(value)`"))
                }
                result += [renamedWithValue[option] ?? canonical[option] ?? option, value]
            } else {
                return .failure(Unsupported(reason: "uv has no equivalent of pip's `\(option)`"))
            }
        }
        return .success(result + ["--index-strategy", "unsafe-best-match"] + (compile ? ["--compile-bytecode"] : []))
    }

    /// Whether imports in an environment that `variables` run cannot write bytecode, so it is compiled at install.
    static func importsCannotWriteBytecode(_ variables: [String: String]) -> Bool {
        !(variables["PYTHONDONTWRITEBYTECODE"] ?? "").isEmpty
    }

    /// The reason the first unsupported step cannot be built with uv, nil when all can.
    static func firstUnsupported(in steps: [[String]]) -> String? {
        for step in steps {
            if case .failure(let unsupported) = arguments(for: step) { return unsupported.reason }
        }
        return nil
    }

    /// Whether `value` is a host name or address with an optional port, the only form uv accepts (pip takes anything).
    static func isHost(_ value: String) -> Bool {
        !value.isEmpty && value.allSatisfy { $0.isLetter || $0.isNumber || "-.:[]_".contains($0) }
    }

    /// `--opt=value` → (`--opt`, `value`); short options never carry a joined value here.
    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    struct Unsupported: Error, Equatable {
        var reason: String
    }
}

/// The command line that the KFP SDK compiles a Lightweight Python component into (ir-semantics
/// §4.9), taken apart: the `pip install` steps of its install script, and the program that runs the
/// component once they are done. Lets a local runner install the packages once, into a cached
/// virtual environment, instead of on every run.
public struct LightweightPythonCommand: Sendable, Hashable {
    /// Each `pip install` of the install script, in order: the words after `install`, option flags
    /// (`--no-deps`, `--index-url U`, `--trusted-host H`, …) kept in place, `--quiet` and
    /// `--no-warn-script-location` dropped. Empty when the command has no install step.
    public var installSteps: [[String]]
    /// The command without its install step (`sh -ec <program script> <source>`) followed by the args.
    /// It runs `python3` from PATH, so put the environment's `bin` directory first on PATH.
    public var programArgv: [String]
    /// The install script made a virtual environment (`use_venv=True`); locally the cached
    /// environment plays that part, so nothing else follows from it.
    public var usesVenv: Bool

    /// Pip options that only change pip's chatter, never what gets installed.
    static let quietOptions: Set<String> = ["--quiet", "-q", "--no-warn-script-location"]

    /// Recognizes `[sh, -c, <install script>, sh, -ec, <program script>, <source>]` and
    /// `[sh, -ec, <program script>, <source>]`; nil for any other command, or an install script
    /// that does anything besides the SDK's pip bootstrap, venv block and `pip install`s.
    public static func parse(command: [String], args: [String]) -> LightweightPythonCommand? {
        if command.count == 4, command[0] == "sh", command[1] == "-ec", isProgramScript(command[2]) {
            return LightweightPythonCommand(installSteps: [], programArgv: command + args, usesVenv: false)
        }
        guard command.count == 7, command[0] == "sh", command[1] == "-c",
              command[3] == "sh", command[4] == "-ec", isProgramScript(command[5]),
              var parsed = parseInstallScript(command[2]) else { return nil }
        parsed.programArgv = Array(command[3...]) + args
        return parsed
    }

    private static func isProgramScript(_ script: String) -> Bool {
        script.contains("kfp.dsl.executor_main") && script.contains("ephemeral_component.py")
    }

    /// Reads the install script; it must end by running `"$0" "$@"`.
    static func parseInstallScript(_ script: String) -> LightweightPythonCommand? {
        guard let tokens = ShellLexer.tokens(withoutPipBootstrap(script)),
              let commands = simpleCommands(tokens) else { return nil }
        var result = LightweightPythonCommand(installSteps: [], programArgv: [], usesVenv: false)
        var execsProgram = false
        for words in commands {
            let words = Array(words.drop(while: isAssignment))
            if words.isEmpty { continue }
            guard !execsProgram else { return nil }  // nothing may follow the hand-over
            if words.first == "export" { continue }
            if words == ["$0", "$@"] {
                execsProgram = true
            } else if let step = pipInstallArguments(words) {
                result.installSteps.append(step.filter { !quietOptions.contains($0) })
            } else if words.count >= 3, words[0].hasPrefix("python"), words[1] == "-m", words[2] == "venv" {
                result.usesVenv = true
            } else if words.count == 2, [".", "source"].contains(words[0]), words[1].hasSuffix("/bin/activate") {
                continue
            } else {
                return nil
            }
        }
        return execsProgram ? result : nil
    }

    /// Drops the SDK's `if ! [ -x "$(command -v pip)" ]; then … ensurepip … fi` block.
    private static func withoutPipBootstrap(_ script: String) -> String {
        guard let start = script.range(of: "if ! [ -x \"$(command -v pip)\" ]; then"),
              let end = script.range(of: "\nfi", range: start.upperBound..<script.endIndex) else { return script }
        return script.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
    }

    /// The words of each simple command, split at `&&`, `;` and newlines; nil on any other operator.
    private static func simpleCommands(_ tokens: [ShellToken]) -> [[String]]? {
        var commands: [[String]] = [[]]
        for token in tokens {
            switch token {
            case .word(let word): commands[commands.count - 1].append(word)
            case .op("&&"), .op(";"), .op("\n"): commands.append([])
            case .op: return nil
            }
        }
        return commands
    }

    private static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// The arguments after `install` of `pip install …`, `pip3 install …` or `python[3] -m pip install …`.
    private static func pipInstallArguments(_ words: [String]) -> [String]? {
        var rest = words[...]
        if let first = rest.first, first.hasPrefix("python"), rest.dropFirst().first == "-m" {
            rest = rest.dropFirst(2)
        }
        guard let pip = rest.first, pip == "pip" || pip == "pip3", rest.dropFirst().first == "install" else { return nil }
        return Array(rest.dropFirst(2))
    }
}

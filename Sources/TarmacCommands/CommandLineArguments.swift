/// What `TarmacMain` does to a command line before the parser sees it.
enum CommandLineArguments {
    /// Options of every store-using command that may also come before the subcommand
    /// (`tarmac --store DIR runs list`): they are moved after it, where the subcommand declares them.
    static let rootOptions: Set<String> = ["--store"]

    /// `arguments` with root-level `--store DIR` moved behind the subcommand and `-N` run references escaped.
    static func normalized(_ arguments: [String]) -> [String] {
        RunReference.escapingNewest(hoistingRootOptions(arguments))
    }

    /// Moves `--store DIR` / `--store=DIR` given before the first subcommand name to the end of the line
    /// (before a `--`, if any). Nothing else changes place.
    static func hoistingRootOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-"), arguments[index] != "--" {
            let argument = arguments[index]
            if rootOptions.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else if let name = argument.split(separator: "=", maxSplits: 1).first, rootOptions.contains(String(name)) {
                leading.append(argument)
                index += 1
            } else {
                break  // --help, --version, --generate-completion-script…: the root command's own
            }
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: end)
        return rest
    }
}

import Basics
import PipelineIR

/// Renders every user-facing error the same way: `tarmac: error: <what>`, `  at <where>`, `  hint: <what to do>`.
enum ErrorRenderer {
    /// The text of one error. `sources` maps a file path to its text so IR paths can be given a line and column.
    static func render(_ error: TarmacError, sources: [String: String] = [:], label: String = "error") -> String {
        render(error, positions: sources.mapValues { YAMLPositions(text: $0) }, label: label)
    }

    /// Several errors, one block each; each source is parsed at most once for all of them.
    static func render(_ errors: [IRError], sources: [String: String] = [:]) -> String {
        let positions = sources.mapValues { YAMLPositions(text: $0) }
        return errors.map { render($0, positions: positions) }.joined(separator: "\n")
    }

    /// Where each error is, as its `  at` line says it (`file:line:column: IR path` when the file's text is in
    /// `sources`); each source is parsed at most once for all of them.
    static func locationTexts(_ errors: [TarmacError], sources: [String: String]) -> [String?] {
        let positions = sources.mapValues { YAMLPositions(text: $0) }
        return errors.map { error in error.location.map { describe($0, positions: positions) } }
    }

    private static func render(_ error: TarmacError, positions: [String: YAMLPositions], label: String = "error") -> String {
        var out = "tarmac: \(label): \(error.message)"
        if let location = error.location { out += "\n  at \(describe(location, positions: positions))" }
        if let hint = error.hint { out += "\n  hint: \(hint)" }
        return out
    }

    private static func describe(_ location: Location, positions: [String: YAMLPositions]) -> String {
        if case .runOption(let key, let argument) = location {
            return argument.map { "\(OptionNames.commandLine(key)) \($0)" } ?? OptionNames.commandLine(key)
        }
        guard case .ir(let file?, let path) = location, let lookup = positions[file] else { return location.description }
        let document = path.components.first == .field("platforms") ? 1 : 0
        guard !path.components.isEmpty, let position = lookup.position(of: path, document: document) else {
            return location.description
        }
        return "\(file):\(position.line):\(position.column): \(path)"
    }
}

import Basics
import PipelineIR

/// Renders every user-facing error the same way: `tarmac: error: <what>`, `  at <where>`, `  hint: <what to do>`.
enum ErrorRenderer {
    /// The text of one error. `sources` maps a file path to its text so IR paths can be given a line and column.
    static func render(_ error: TarmacError, sources: [String: String] = [:], label: String = "error") -> String {
        var out = "tarmac: \(label): \(error.message)"
        if let location = error.location { out += "\n  at \(describe(location, sources: sources))" }
        if let hint = error.hint { out += "\n  hint: \(hint)" }
        return out
    }

    /// Several errors, one block each.
    static func render(_ errors: [IRError], sources: [String: String] = [:]) -> String {
        errors.map { render($0, sources: sources) }.joined(separator: "\n")
    }

    private static func describe(_ location: Location, sources: [String: String]) -> String {
        guard case .ir(let file?, let path) = location, let text = sources[file] else { return location.description }
        let document = path.components.first == .field("platforms") ? 1 : 0
        guard !path.components.isEmpty, let position = YAMLLoader.position(of: path, document: document, in: text) else {
            return location.description
        }
        return "\(file):\(position.line):\(position.column): \(path)"
    }
}

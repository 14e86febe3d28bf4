import Basics
import PipelineIR

extension RunParameters {
    /// Reads one `--param NAME=VALUE`: JSON unless the declared type is STRING (then the text as is).
    /// A value that is not JSON for a non-string type is kept as a string, so the type check names the problem.
    /// Returns nil when the option is not of the form NAME=VALUE (a usage error for the caller).
    public static func parseOption(_ option: String, for spec: PipelineSpec) -> (String, JSONValue)? {
        guard let eq = option.firstIndex(of: "="), eq != option.startIndex else { return nil }
        let name = String(option[..<eq])
        let text = String(option[option.index(after: eq)...])
        let declared = spec.root.inputDefinitions.parameters[name]?.parameterType
        if declared == .string { return (name, .string(text)) }
        if let value = try? JSONValue.parse(text) { return (name, value) }
        return (name, .string(text))
    }

    /// Reads a params file's members (a JSON or YAML object; the caller parsed it).
    public static func parseFile(_ document: JSONValue, path: String) throws(IRError) -> [String: JSONValue] {
        guard case .object(let members) = document else {
            throw IRError("a params file must hold an object of NAME: VALUE, found a \(document.kindName)", at: .path(path))
        }
        return members
    }
}

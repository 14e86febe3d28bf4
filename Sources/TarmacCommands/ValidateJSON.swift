import Basics
import PipelineIR

/// The `tarmac validate --json` document (docs/json-schemas.md): one entry a file, valid or not, with
/// every error and cluster-compatibility warning as the text form says it (message, location, hint).
struct ValidateJSON {
    private var files: [JSONValue] = []

    /// A file that decoded and passed every check.
    mutating func valid(_ path: String, spec: PipelineSpec, summary: (tasks: Int, dags: Int), warnings: [JSONValue]) {
        files.append(.object([
            "path": .string(path), "valid": .bool(true), "pipeline": .string(spec.name),
            "task_components": .number(Double(summary.tasks)), "dags": .number(Double(summary.dags)),
            "errors": .array([]), "warnings": .array(warnings),
        ]))
    }

    /// A file with errors.
    mutating func invalid(_ path: String, errors: [JSONValue]) {
        files.append(.object(["path": .string(path), "valid": .bool(false), "errors": .array(errors), "warnings": .array([])]))
    }

    /// One entry per error or warning: `message`, `at` (as the text's `  at` line, or null) and `hint` (or null).
    static func problems(_ errors: [TarmacError], sources: [String: String]) -> [JSONValue] {
        zip(errors, ErrorRenderer.locationTexts(errors, sources: sources)).map { error, at in
            .object([
                "message": .string(error.message),
                "at": at.map(JSONValue.string) ?? .null,
                "hint": error.hint.map(JSONValue.string) ?? .null,
            ])
        }
    }

    /// The whole document.
    var document: String {
        RecordJSON.document(["valid": .bool(files.allSatisfy { $0["valid"]?.boolValue == true }), "files": .array(files)])
    }
}

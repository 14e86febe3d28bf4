import Basics

extension PipelineValidator {
    /// Tarmac lays a run out as `<pipeline root>/<pipeline name>/<run id>/<task>/...`, so the pipeline name and
    /// every task name must be one safe path segment: a crafted name like `../../etc` must not place a run's
    /// files outside the pipeline root. (The KFP compiler only writes `[a-z0-9-]` names.)
    mutating func checkPathSegment(_ name: String, what: String, at path: IRPath) {
        guard let problem = Self.pathSegmentProblem(name) else { return }
        error("\(what) '\(Self.shortened(name))' \(problem)", at: path,
              hint: "the KFP compiler writes lowercase letters, digits and '-'; recompile the pipeline")
    }

    /// Why `name` cannot be a directory name inside the run, or nil.
    static func pathSegmentProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name == "." || name == ".." { return "is a relative directory name" }
        if name.contains("/") { return "contains '/'" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "contains a control character" }
        if name.utf8.count > 255 { return "is longer than 255 bytes (a file name's limit)" }
        return nil
    }

    static func shortened(_ name: String) -> String {
        let escaped = name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
        return escaped.count > 60 ? String(escaped.prefix(57)) + "..." : escaped
    }
}

/// Where one execution's files live (Tarmac's local convention): output artifact `k` at
/// `<taskDir>/<k>`, output parameter files at `<taskDir>/outputs/parameters/<name>` (never the
/// cluster's shared `/tmp/kfp/outputs`: tasks run side by side on one host), and the executor
/// output at `<taskDir>/executor_output.json`. Paths are handled lexically; nothing is read.
public struct TaskLayout: Sendable, Hashable {
    /// The task directory, absolute and normalised (no `.`/`..` segments, no trailing slash).
    public let taskDirectory: String

    /// The engine's log of attempt `attempt`, a file in the task directory.
    public static func attemptLogName(_ attempt: Int) -> String { "attempt-\(attempt).log" }

    /// The engine's log of building a Lightweight Python component's environment, a file in the task directory.
    public static let environmentLogName = "environment.log"

    /// Names an output may not have because the layout itself uses them in the task directory (each
    /// attempt's log too, ``attemptLogName(_:)``: see ``isReserved(_:)``).
    public static let reservedNames: Set<String> = ["outputs", "executor_output.json", environmentLogName]

    /// Whether an output named `name` would collide with a file Tarmac keeps in the task directory.
    public static func isReserved(_ name: String) -> Bool {
        if reservedNames.contains(name) { return true }
        guard name.hasPrefix("attempt-"), name.hasSuffix(".log") else { return false }
        let number = name.dropFirst("attempt-".count).dropLast(".log".count)
        return Int(number).map { attemptLogName($0) == name } ?? false
    }

    /// A layout rooted at `taskDirectory`, which must be an absolute path other than `/`.
    public init(taskDirectory: String) throws(InvocationError) {
        guard let normalized = Self.normalize(taskDirectory), normalized != "/" else {
            throw InvocationError("the task directory '\(taskDirectory)' must be an absolute path below '/'")
        }
        self.taskDirectory = normalized
    }

    /// `<taskDir>/executor_output.json` (`{{$.outputs.output_file}}`, the executor input's `outputs.outputFile`).
    public var executorOutputFile: String { taskDirectory + "/executor_output.json" }

    /// `<taskDir>/outputs/parameters`, where output parameter files go.
    public var parameterDirectory: String { taskDirectory + "/outputs/parameters" }

    /// The file the component writes output parameter `name` to.
    public func parameterFile(_ name: String) -> String { parameterDirectory + "/" + name }

    /// The provisioned URI (= path) of output artifact `key`.
    public func artifactURI(_ key: String) -> String { taskDirectory + "/" + key }

    /// `path` normalised, when it is absolute and lies strictly inside the task directory; else nil.
    public func normalizedInside(_ path: String) -> String? {
        guard let normalized = Self.normalize(path), normalized.hasPrefix(taskDirectory + "/") else { return nil }
        return normalized
    }

    /// Rejects an output name that could escape or collide with the layout (`/`, `..`, NUL, reserved names, too long).
    static func checkOutputName(_ name: String, kind: String) throws(InvocationError) {
        if name.isEmpty || name == "." || name.contains("/") || name.contains("..") || name.contains("\u{0}") {
            throw InvocationError("\(kind) '\(name)' has a name that cannot be a file name in the task directory "
                                  + "(it is empty, '.', or contains '/', '..' or NUL)")
        }
        if name.utf8.count > maxOutputNameBytes {
            throw InvocationError("\(kind) '\(name.prefix(40))…' has a name of \(name.utf8.count) bytes, longer than a file name "
                                  + "may be (\(maxOutputNameBytes) bytes)", hint: "shorten the output's name")
        }
        if isReserved(name) {
            throw InvocationError("\(kind) '\(name)' would collide with Tarmac's own '\(name)' in the task directory",
                                  hint: "rename the output; Tarmac reserves " + reservedNames.sorted().joined(separator: ", ")
                                      + " and attempt-N.log")
        }
    }

    /// The lexical normal form of an absolute path: `.` and empty segments dropped, `..` applied
    /// (never above `/`). Nil when `path` is not absolute or contains NUL.
    public static func normalize(_ path: String) -> String? {
        guard path.utf8.first == UInt8(ascii: "/"), !path.utf8.contains(0) else { return nil }
        if isNormal(path) { return path }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// Whether absolute `path` is already in normal form: no empty, `.` or `..` segment and no trailing slash
    /// (the usual case; checking is much cheaper than splitting and joining).
    private static func isNormal(_ path: String) -> Bool {
        var segmentLength = 0, dots = 0, first = true
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if !first && (segmentLength == 0 || segmentLength == dots) { return false }  // "//", "/./" or "/../"
                first = false
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return path == "/" || (segmentLength > 0 && segmentLength != dots)
    }
}

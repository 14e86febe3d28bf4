import Basics

/// Checks a decoded pipeline for everything the KFP backend would trip over, with an IR path per problem.
public struct PipelineValidator {
    let spec: PipelineSpec
    let file: String?
    var errors: [IRError] = []
    /// Components by the executor label they use (computed once: pipelines have thousands).
    let componentsByExecutor: [String: [ComponentSpec]]

    /// Every problem found in `spec` (empty when valid), in document order.
    public static func validate(_ spec: PipelineSpec, file: String?) -> [IRError] {
        validate(spec, file: file, slices: 16)
    }

    /// `validate`, the checks of a large pipeline split in `slices` (1: one pass).
    static func validate(_ spec: PipelineSpec, file: String?, slices: Int) -> [IRError] {
        let validator = PipelineValidator(spec: spec, file: file)
        let steps = validator.steps
        // A large pipeline is checked in contiguous runs of steps on all cores, each run by its own copy of the
        // validator; joined in step order, their errors are those of one pass through all steps.
        let runs = steps.count < 64 ? [steps[...]] : steps.slices(slices)
        return Concurrently.map(runs.count) { i in
            var copy = validator
            for step in runs[i] { step(&copy) }
            return copy.errors
        }.flatMap { $0 }
    }

    /// One check of a part of the spec: it only reads the spec and appends to `errors`.
    typealias Step = (inout PipelineValidator) -> Void

    init(spec: PipelineSpec, file: String?) {
        self.spec = spec
        self.file = file
        var users: [String: [ComponentSpec]] = [:]
        for component in spec.components.values {
            if let label = component.executorLabel { users[label, default: []].append(component) }
        }
        self.componentsByExecutor = users
    }

    /// Every check, in document order: the root DAG's one per task, then one per component and executor.
    private var steps: [Step] {
        var steps: [Step] = []
        let root = spec.root, rootPath = IRPath("root")
        if !spec.name.isEmpty {
            let name = spec.name
            steps.append { $0.checkPathSegment(name, what: "pipeline name", at: IRPath("pipelineInfo").field("name")) }
        }
        if case .dag(let dag) = root.implementation {
            steps.append { $0.checkDefaults(root.inputDefinitions, at: rootPath.field("inputDefinitions")) }
            steps += dagSteps(dag, of: root, at: rootPath.field("dag"))
        } else {
            steps.append { $0.checkComponent(root, at: rootPath) }
        }
        for name in spec.components.keys.sorted() {
            steps.append { $0.checkComponent($0.spec.components[name]!, at: IRPath("components").key(name)) }
        }
        for label in spec.executors.keys.sorted() {
            steps.append { $0.checkExecutor(label, $0.spec.executors[label]!, at: IRPath("deploymentSpec").field("executors").key(label)) }
        }
        steps.append { $0.checkPlatform() }
        return steps
    }

    mutating func error(_ message: String, at path: IRPath, hint: String? = nil) {
        errors.append(IRError(message, file: file, path: path, hint: hint))
    }

    private mutating func checkComponent(_ component: ComponentSpec, at path: IRPath) {
        checkDefaults(component.inputDefinitions, at: path.field("inputDefinitions"))
        switch component.implementation {
        case .dag(let dag):
            checkDag(dag, of: component, at: path.field("dag"))
        case .executorLabel(let label):
            if spec.executors[label] == nil {
                error("unknown executor '\(label)'", at: path.field("executorLabel"),
                      hint: suggestion(label, among: Array(spec.executors.keys), what: "executors"))
            }
        }
    }

    mutating func checkDefaults(_ inputs: InterfaceSpec, at path: IRPath) {
        for name in inputs.parameters.keys.sorted() {
            let parameter = inputs.parameters[name]!
            let paramPath = path.field("parameters").key(name)
            if parameter.parameterType == .unspecified {
                error("parameter type is unspecified", at: paramPath.field("parameterType"))
            }
            guard let value = parameter.defaultValue, !value.isNull else { continue }
            if !parameter.parameterType.accepts(value) {
                error("default value \(describe(value)) is not a \(parameter.parameterType.rawValue)",
                      at: paramPath.field("defaultValue"),
                      hint: "a \(parameter.parameterType.rawValue) parameter takes \(parameter.parameterType.valueDescription)")
            }
        }
    }

    /// A value quoted for messages, shortened when long.
    func describe(_ value: JSONValue) -> String {
        var text = value.canonicalJSON
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        return text
    }

    /// "did you mean ...?" for a misspelt name, or the list of known names when short.
    func suggestion(_ name: String, among candidates: [String], what: String) -> String? {
        let candidates = candidates.sorted()
        // Edit distance is quadratic: a crafted megabyte-long name must not stall validation, and the distance is
        // at least the difference in length, so far-off candidates are skipped.
        let limit = max(2, name.count / 3)
        if name.count <= 256 {
            let scored = candidates.filter { abs($0.count - name.count) <= limit && $0.count <= 256 }.map { ($0, editDistance($0, name)) }
            if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit { return "did you mean '\(best.0)'?" }
        }
        if candidates.isEmpty { return "there are no \(what)" }
        if candidates.count <= 8 { return "known \(what): " + candidates.sorted().joined(separator: ", ") }
        return nil
    }
}

/// Levenshtein distance, for suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

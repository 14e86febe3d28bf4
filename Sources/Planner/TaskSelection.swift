import Basics
import PipelineIR

/// A partial run: `--only TASK` (run that task, reuse its upstream's outputs), `--from TASK` (force
/// that task and everything downstream of it to run), `--until TASK` (run that task and its upstream
/// only). Pure: decides from the DAG structure what each task instance does.
public struct TaskSelection: Sendable, Hashable {
    /// The kind of partial run.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case only, from, until

        /// The run option that asks for this selection.
        public var option: OptionKey {
            switch self {
            case .only: .only
            case .from: .from
            case .until: .until
            }
        }
    }

    /// What one task does in a partial run.
    public enum Role: Sendable, Hashable {
        /// As in a normal run (the cache may serve it).
        case run
        /// Always executes (no cache lookup), and writes its cache entry.
        case forceRun
        /// Never executes: its outputs come from the cache or the latest run where it succeeded.
        case reuse
        /// Not part of the selection: recorded SKIPPED.
        case skip
    }

    public let mode: Mode
    /// The selected task's keys from the root DAG (`["condition-1", "deploy"]`).
    public let path: [String]
    /// Per level of `path`: the tasks of that DAG upstream of the path's task there (inclusive).
    let upstream: [Set<String>]
    /// Per level of `path`: the tasks downstream of the path's task there (inclusive).
    let downstream: [Set<String>]

    /// Finds the task named `name`: a path of task keys (`condition-1/deploy`) or a key that is
    /// unique anywhere in the pipeline (`deploy`).
    public init(_ mode: Mode, task name: String, in spec: PipelineSpec) throws(SelectionError) {
        let all = Self.paths(of: spec.rootDag, spec: spec, prefix: [])
        let wanted = name.split(separator: "/").map(String.init)
        var matches = all.filter { $0 == wanted }
        if matches.isEmpty { matches = all.filter { $0.last == name } }
        guard matches.count == 1 else {
            let shown = all.map { $0.joined(separator: "/") }
            if matches.isEmpty {
                let best = shown.min { editDistance($0, name) < editDistance($1, name) }
                throw SelectionError(mode, "the pipeline has no task '\(name)'", exitCode: .invalidInput,
                                     hint: best.map { editDistance($0, name) <= max(2, name.count / 3) ? "did you mean '\($0)'?" : nil } ?? nil
                                         ?? "its tasks: " + shown.prefix(20).joined(separator: ", "))
            }
            throw SelectionError(mode, "'\(name)' names several tasks", exitCode: .usage,
                                 hint: "say which: " + matches.map { $0.joined(separator: "/") }.joined(separator: ", "))
        }
        self.mode = mode
        self.path = matches[0]
        var upstream: [Set<String>] = [], downstream: [Set<String>] = []
        var dag = spec.rootDag
        for key in path {
            let graph = DependencyGraph(dag: dag)
            upstream.append(Self.closure(from: key, edges: graph.dependencies))
            var dependents: [String: Set<String>] = [:]
            for (task, dependencies) in graph.dependencies { for dependency in dependencies { dependents[dependency, default: []].insert(task) } }
            downstream.append(Self.closure(from: key, edges: dependents))
            dag = dag.tasks[key].flatMap { spec.component(of: $0)?.dag } ?? DagSpec(tasks: [:])
        }
        self.upstream = upstream
        self.downstream = downstream
    }

    /// The role of the task instance at `taskPath` (keys from the root; loop indexes dropped).
    public func role(of taskPath: [String]) -> Role {
        var level = 0
        while level < taskPath.count, level < path.count, taskPath[level] == path[level] { level += 1 }
        if level == taskPath.count || level == path.count {  // an enclosing group, the task itself, or inside it
            let isSelectedOrInside = taskPath.count >= path.count
            if !isSelectedOrInside { return .run }
            return mode == .until ? .run : .forceRun
        }
        let key = taskPath[level]
        switch mode {
        case .until: return upstream[level].contains(key) ? .run : .skip
        case .only: return upstream[level].contains(key) ? .reuse : .skip
        case .from: return downstream[level].contains(key) ? .forceRun : .run
        }
    }

    /// The key path of an instance name: `for-loop-2[3]/add` → `["for-loop-2", "add"]`.
    public static func keyPath(ofInstance name: String) -> [String] {
        name.split(separator: "/").map { DisplayNames.splitIndex(String($0)).key }
    }

    private static func closure(from start: String, edges: [String: Set<String>]) -> Set<String> {
        var seen: Set<String> = [start]
        var stack = [start]
        while let next = stack.popLast() {
            for neighbour in edges[next] ?? [] where seen.insert(neighbour).inserted { stack.append(neighbour) }
        }
        return seen
    }

    private static func paths(of dag: DagSpec, spec: PipelineSpec, prefix: [String]) -> [[String]] {
        dag.tasks.keys.sorted().flatMap { key -> [[String]] in
            let path = prefix + [key]
            guard let inner = dag.tasks[key].flatMap({ spec.component(of: $0)?.dag }) else { return [path] }
            return [path] + paths(of: inner, spec: spec, prefix: path)
        }
    }
}

/// A `--only/--from/--until` that names no task, or several.
public struct SelectionError: TarmacError {
    public let message: String
    public let location: Location?
    public let hint: String?
    /// An unknown task is invalid input (65, as in every command); an ambiguous name is a usage problem.
    public let exitCode: ExitCode

    init(_ mode: TaskSelection.Mode, _ message: String, exitCode: ExitCode, hint: String?) {
        self.message = message
        self.location = .runOption(mode.option)
        self.exitCode = exitCode
        self.hint = hint
    }
}

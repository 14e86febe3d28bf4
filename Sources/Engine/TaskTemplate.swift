import PipelineIR
import Planner

/// What every instance of one DAG task shares: the iterations of a loop make their slots from the same
/// templates, so a 100,000-iteration loop holds one copy of the task's spec, not 100,000.
final class TaskTemplate: Sendable {
    let key: String
    /// The task as written, with the retry policy it inherits when it has none (see `of`).
    let spec: PipelineTaskSpec
    let component: ComponentSpec?
    /// Keys of the tasks it waits for, in key order.
    let dependencies: [String]

    init(key: String, spec: PipelineTaskSpec, component: ComponentSpec?, dependencies: [String] = []) {
        self.key = key
        self.spec = spec
        self.component = component
        self.dependencies = dependencies
    }

    /// The templates of `dag`'s tasks. `inheritedRetry` is the retry policy of the task that owns the instance:
    /// as the backend compiles it (`backend/src/v2/compiler/visitor.go`, `dfs`), every task inside without a
    /// policy of its own takes it.
    static func of(_ dag: DagSpec, spec: PipelineSpec, inheritedRetry: RetryPolicy?) -> [TaskTemplate] {
        let graph = DependencyGraph(dag: dag)
        return dag.tasks.map { key, written in
            var task = written
            if task.retryPolicy == nil { task.retryPolicy = inheritedRetry }
            return TaskTemplate(key: key, spec: task, component: spec.component(of: task),
                                dependencies: (graph.dependencies[key] ?? []).sorted())
        }
    }
}

/// The dependency edges of one DAG: `dependentTasks` plus the producers of every input, as the cluster derives them.
public struct DependencyGraph: Sendable {
    /// Task key → the sibling task keys it waits for (unknown names dropped).
    public let dependencies: [String: Set<String>]

    public init(dag: DagSpec) {
        var edges: [String: Set<String>] = [:]
        for (key, task) in dag.tasks {
            let all = Set(task.dependentTasks).union(task.producerTasks)
            edges[key] = all.filter { dag.tasks[$0] != nil }
        }
        dependencies = edges
    }

    /// One cycle as a list of task keys (`a` waits for `b` ... waits for `a`), or nil. Deterministic.
    public func findCycle() -> [String]? {
        var state: [String: Int] = [:]  // 1 = on stack, 2 = done
        var stack: [String] = []
        func visit(_ node: String) -> [String]? {
            state[node] = 1
            stack.append(node)
            for next in (dependencies[node] ?? []).sorted() {
                if state[next] == 1, let start = stack.firstIndex(of: next) { return Array(stack[start...]) }
                if state[next] == nil, let cycle = visit(next) { return cycle }
            }
            stack.removeLast()
            state[node] = 2
            return nil
        }
        for node in dependencies.keys.sorted() where state[node] == nil {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }

    /// Task keys in dependency order (producers first), ties by name; nil if there is a cycle.
    public func topologicalOrder() -> [String]? {
        var remaining = dependencies.mapValues { $0.count }
        var dependents: [String: [String]] = [:]
        for (node, deps) in dependencies { for d in deps { dependents[d, default: []].append(node) } }
        var layer = remaining.filter { $0.value == 0 }.map(\.key).sorted()
        var order: [String] = []
        while !layer.isEmpty {
            order.append(contentsOf: layer)
            var next: [String] = []
            for node in layer {
                for dependent in dependents[node] ?? [] {
                    remaining[dependent]! -= 1
                    if remaining[dependent] == 0 { next.append(dependent) }
                }
            }
            layer = next.sorted()
        }
        return order.count == dependencies.count ? order : nil
    }
}

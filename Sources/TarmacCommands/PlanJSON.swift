import ArgumentParser
import Basics
import Planner

/// `plan --format json`: the task graph as one JSON document (schema in docs/json-schemas.md).
enum PlanJSON {
    static func render(_ graph: PlanGraph) -> String {
        var members: [String: JSONValue] = ["pipeline": .string(graph.pipelineName), "tasks": .array(graph.roots.map(node))]
        members["parameters"] = graph.parameters.map { JSONValue.object($0.values) } ?? .null
        return RecordJSON.document(members)
    }

    /// One task and, for a group, its body's tasks under `tasks`.
    static func node(_ node: PlanGraph.Node) -> JSONValue {
        var members: [String: JSONValue] = [
            "key": .string(node.key), "path": .string(node.id), "display_name": .string(node.displayName),
            "component": .string(node.component), "dependencies": .array(node.dependencies.map(JSONValue.string)),
            "runs_after_any_state": .bool(node.runsAfterAnyState), "retries": .number(Double(node.retries)),
            "cache_enabled": node.cacheEnabled.map(JSONValue.bool) ?? .null,
            "condition": node.condition.map(JSONValue.string) ?? .null,
        ]
        switch node.kind {
        case .container(let image): members["kind"] = .string("container"); members["image"] = .string(image)
        case .importer(let uri): members["kind"] = .string("importer"); members["uri"] = .string(uri)
        case .condition: members["kind"] = .string("condition")
        case .conditionBranches: members["kind"] = .string("condition-branches")
        case .loop(let over): members["kind"] = .string("loop"); members["iterates"] = .string(over)
        case .exitHandler: members["kind"] = .string("exit-handler")
        case .subPipeline: members["kind"] = .string("pipeline")
        }
        if node.isGroup { members["tasks"] = .array(node.children.map(Self.node)) }
        return .object(members)
    }
}

/// The formats of `tarmac plan`: the diagram formats of Planner, and JSON.
enum PlanOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text, mermaid, dot, json

    /// Planner's format, nil for JSON (rendered here).
    var diagram: PlanFormat? { PlanFormat(rawValue: rawValue) }
}

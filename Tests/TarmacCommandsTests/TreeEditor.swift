import Basics

/// Edits of a JSON tree at chosen or random paths, for the mutation test.
enum TreeEditor {
    enum Step: Hashable { case key(String), index(Int) }
    typealias Path = [Step]

    /// Every node's path, parents before children.
    static func paths(_ tree: JSONValue, where keep: (JSONValue) -> Bool = { _ in true }) -> [Path] {
        var result: [Path] = []
        var pending: [(Path, JSONValue)] = [([], tree)]
        while let (path, node) = pending.popLast() {
            if keep(node) { result.append(path) }
            switch node {
            case .object(let members): for key in members.keys.sorted() { pending.append((path + [.key(key)], members[key]!)) }
            case .array(let items): for (i, item) in items.enumerated() { pending.append((path + [.index(i)], item)) }
            default: break
            }
        }
        return result
    }

    static func get(_ tree: JSONValue, _ path: Path) -> JSONValue? {
        var node = tree
        for step in path {
            switch (step, node) {
            case (.key(let key), .object(let members)): guard let next = members[key] else { return nil }; node = next
            case (.index(let i), .array(let items)): guard items.indices.contains(i) else { return nil }; node = items[i]
            default: return nil
            }
        }
        return node
    }

    /// The tree with the node at `path` replaced (nil removes an object member or array element).
    static func set(_ tree: JSONValue, _ path: Path, _ value: JSONValue?) -> JSONValue {
        guard let step = path.first else { return value ?? .null }
        let rest = Array(path.dropFirst())
        switch (step, tree) {
        case (.key(let key), .object(var members)):
            if rest.isEmpty { members[key] = value } else if let child = members[key] { members[key] = set(child, rest, value) }
            return .object(members)
        case (.index(let i), .array(var items)) where items.indices.contains(i):
            if rest.isEmpty, value == nil { items.remove(at: i) } else { items[i] = set(items[i], rest, value) }
            return .array(items)
        default:
            return tree
        }
    }

    static func randomNode(_ tree: JSONValue, using random: inout SeededGenerator) -> JSONValue {
        get(tree, paths(tree).randomElement(using: &random)!) ?? .null
    }

    /// Replaces one random node (among those `keep` accepts) with `transform(old)`.
    static func replaceRandom(_ tree: JSONValue, using random: inout SeededGenerator, where keep: (JSONValue) -> Bool = { _ in true },
                              _ transform: (JSONValue, inout SeededGenerator) -> JSONValue) -> JSONValue {
        let candidates = paths(tree, where: keep)
        guard let path = candidates.randomElement(using: &random), let old = get(tree, path) else { return tree }
        return set(tree, path, transform(old, &random))
    }

    static func deleteRandomKey(_ tree: JSONValue, using random: inout SeededGenerator) -> JSONValue {
        let members = paths(tree).filter { if case .key = $0.last { return true } else { return false } }
        guard let path = members.randomElement(using: &random) else { return tree }
        return set(tree, path, nil)
    }

    static let hostileKeys = ["", "../../x", "/etc/passwd", "a/b", "\u{0}", "..", ".", "outputs", "executor_output.json", "🙂",
                              String(repeating: "k", count: 100_000), "root", "{{$}}", "pipelinechannel--", "a b", "\n"]

    /// Renames one random object member to a hostile name.
    static func renameRandomKey(_ tree: JSONValue, using random: inout SeededGenerator) -> JSONValue {
        let members = paths(tree).filter { if case .key = $0.last { return true } else { return false } }
        guard let path = members.randomElement(using: &random), case .key(let old) = path.last,
              case .object(var parent)? = get(tree, Array(path.dropLast())) else { return tree }
        let value = parent.removeValue(forKey: old)
        parent[hostileKeys.randomElement(using: &random)!] = value
        return set(tree, Array(path.dropLast()), .object(parent))
    }

    /// The paths of every task (a member of a `tasks` object).
    static func taskPaths(_ tree: JSONValue) -> [Path] {
        paths(tree).filter { path in
            path.count >= 2 && path[path.count - 2] == .key("tasks") && get(tree, path)?.objectValue != nil
        }
    }

    /// Adds a dependency cycle (possibly a self-dependency) among the tasks of one DAG.
    static func addCycle(_ tree: JSONValue, using random: inout SeededGenerator) -> JSONValue {
        let dags = paths(tree).filter { $0.last == .key("tasks") && (get(tree, $0)?.objectValue?.isEmpty == false) }
        guard let dag = dags.randomElement(using: &random), let tasks = get(tree, dag)?.objectValue else { return tree }
        let names = tasks.keys.sorted()
        let length = Int.random(in: 1...min(4, names.count), using: &random)
        let ring = Array(names.shuffled(using: &random).prefix(length))
        var result = tree
        for (i, name) in ring.enumerated() {
            let path = dag + [.key(name), .key("dependentTasks")]
            var list = get(result, path)?.arrayValue ?? []
            list.append(.string(ring[(i + 1) % ring.count]))
            result = set(result, path, .array(list))
        }
        return result
    }

    static let referenceKeys: Set<String> = ["name", "executorLabel", "producerTask", "outputParameterKey", "outputArtifactKey",
                                             "componentInputParameter", "componentInputArtifact", "producerSubtask",
                                             "inputParameter", "inputArtifact", "dependentTasks", "taskOutputParameter"]

    /// Points one reference (component, executor, producer task, output key, input name) at something that does not exist.
    static func breakReference(_ tree: JSONValue, using random: inout SeededGenerator) -> JSONValue {
        let references = paths(tree, where: { $0.stringValue != nil }).filter { path in
            path.reversed().prefix(2).contains { if case .key(let key) = $0 { return referenceKeys.contains(key) } else { return false } }
        }
        guard let path = references.randomElement(using: &random) else { return tree }
        let missing = ["no-such-thing", "", "comp-" + String(repeating: "z", count: 300), "../../etc"].randomElement(using: &random)!
        return set(tree, path, .string(missing))
    }

    /// Sets a `triggerPolicy.condition` (an existing one, else on a random task) to `make()`.
    static func replaceStrings(_ tree: JSONValue, atKey key: String, using random: inout SeededGenerator,
                               _ make: (inout SeededGenerator) -> String) -> JSONValue {
        let existing = paths(tree, where: { $0.stringValue != nil }).filter { $0.last == .key(key) }
        if let path = existing.randomElement(using: &random), Bool.random(using: &random) {
            return set(tree, path, .string(make(&random)))
        }
        guard let task = taskPaths(tree).randomElement(using: &random) else { return tree }
        return set(tree, task + [.key("triggerPolicy")], .object([key: .string(make(&random))]))
    }
}

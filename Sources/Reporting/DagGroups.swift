import Planner

/// The sub-DAGs of a run's graph (loops, their iterations, conditions, nested pipelines) as nested groups.
///
/// A task instance `for-loop-2[3]/add` sits in the iteration group `for-loop-2[3]`, which sits in the
/// loop's group `for-loop-2`; the loop's own node (`for-loop-2`) heads that group. A condition or nested
/// pipeline `condition-1` is both a node and the group of `condition-1/…`.
public struct DagGroups: Sendable, Equatable {
    /// One group: its id (an instance path), its parent group (nil at the top), and the nodes directly in it.
    public struct Group: Sendable, Equatable {
        public let id: String
        public let parent: String?
        public var nodes: [String]
    }

    /// Groups by id, and their ids parents first.
    public let byID: [String: Group]
    /// Group ids, each after its parent.
    public let order: [String]
    /// The group each node sits in directly (absent: the top level).
    public let container: [String: String]

    /// The groups of `nodes` (task instance names).
    public init(nodes: [String]) {
        var groups: [String: Group] = [:], order: [String] = [], container: [String: String] = [:]
        func ensure(_ id: String) {
            guard groups[id] == nil else { return }
            let parent = Self.parent(of: id)
            if let parent { ensure(parent) }
            groups[id] = Group(id: id, parent: parent, nodes: [])
            order.append(id)
        }
        var prefixes = Set<String>()
        for node in nodes {
            for slash in node.indices where node[slash] == "/" { prefixes.insert(DisplayNames.splitIndex(String(node[..<slash])).key) }
        }
        let heads = prefixes.intersection(nodes)
        for node in nodes {
            let home = heads.contains(node) ? node : Self.enclosing(node)
            guard let home else { continue }
            ensure(home)
            groups[home]!.nodes.append(node)
            container[node] = home
        }
        byID = groups
        self.order = order
        self.container = container
    }

    /// The group a plain node `a/b[1]/c` sits in: `a/b[1]`; nil at the top level.
    static func enclosing(_ node: String) -> String? {
        guard let slash = node.lastIndex(of: "/") else { return nil }
        return String(node[..<slash])
    }

    /// The parent of group `id`: an iteration `a/loop[2]` belongs to its loop `a/loop`, a sub-DAG `a/sub` to `a`.
    static func parent(of id: String) -> String? {
        let stripped = DisplayNames.splitIndex(id).key
        if stripped != id { return stripped }
        return enclosing(id)
    }

    /// The groups `node` is inside of, outermost first; a group's head node is not inside its own group.
    public func ancestors(of node: String) -> [String] {
        let home = container[node]
        return chain(from: home == node ? byID[node]?.parent : home)
    }

    /// The groups around group `id`, outermost first.
    public func ancestors(ofGroup id: String) -> [String] {
        chain(from: byID[id]?.parent)
    }

    /// `start` and the groups around it, outermost first.
    private func chain(from start: String?) -> [String] {
        var chain: [String] = []
        var current = start
        while let id = current {
            chain.insert(id, at: 0)
            current = byID[id]?.parent
        }
        return chain
    }

    /// Whether `id` is an iteration of a loop (`for-loop-2[3]`).
    public static func isIteration(_ id: String) -> Bool { id.hasSuffix("]") }
}

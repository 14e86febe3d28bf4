/// A path into an IR document, rendered the way users read it:
/// `root.dag.tasks["train"].inputs.parameters["lr"]` (fields dotted, map keys quoted, list items indexed).
///
/// Extending a path is O(1): it is a persistent list (each step points at its parent), because
/// decoding and validation extend paths for every node of documents with thousands of tasks and
/// only ever render the few that name an error.
public struct IRPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        /// A message field, e.g. `dag`.
        case field(String)
        /// A key of a map, e.g. `tasks["train"]`.
        case key(String)
        /// An element of a list, e.g. `args[2]`.
        case index(Int)
    }

    /// One step and the path before it. Immutable, so sharing it across threads is safe.
    private final class Step: Sendable {
        let parent: Step?
        let component: Component

        init(parent: Step?, component: Component) {
            self.parent = parent
            self.component = component
        }
    }

    private let last: Step?

    /// The document root (renders as an empty string).
    public static let root = IRPath(last: nil)

    private init(last: Step?) { self.last = last }

    public init(components: [Component]) {
        var step: Step?
        for component in components { step = Step(parent: step, component: component) }
        self.last = step
    }

    /// A path starting at a top-level field, e.g. `IRPath("root")`.
    public init(_ field: String) { self.last = Step(parent: nil, component: .field(field)) }

    /// The steps from the document root.
    public var components: [Component] {
        var result: [Component] = []
        var step = last
        while let current = step {
            result.append(current.component)
            step = current.parent
        }
        return result.reversed()
    }

    /// This path extended by a field.
    public func field(_ name: String) -> IRPath { IRPath(last: Step(parent: last, component: .field(name))) }

    /// This path extended by a map key.
    public func key(_ name: String) -> IRPath { IRPath(last: Step(parent: last, component: .key(name))) }

    /// This path extended by a list index.
    public func index(_ i: Int) -> IRPath { IRPath(last: Step(parent: last, component: .index(i))) }

    public static func == (lhs: IRPath, rhs: IRPath) -> Bool { lhs.components == rhs.components }

    public func hash(into hasher: inout Hasher) { hasher.combine(components) }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .field(let name): out += out.isEmpty ? name : "." + name
            case .key(let name): out += "[\"" + name + "\"]"
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }
}

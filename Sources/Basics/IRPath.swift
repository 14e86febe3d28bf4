/// A path into an IR document, rendered the way users read it:
/// `root.dag.tasks["train"].inputs.parameters["lr"]` (fields dotted, map keys quoted, list items indexed).
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

    /// The steps from the document root.
    public private(set) var components: [Component]

    /// The document root (renders as an empty string).
    public static let root = IRPath(components: [])

    public init(components: [Component]) { self.components = components }

    /// A path starting at a top-level field, e.g. `IRPath("root")`.
    public init(_ field: String) { self.components = [.field(field)] }

    /// This path extended by a field.
    public func field(_ name: String) -> IRPath { IRPath(components: components + [.field(name)]) }

    /// This path extended by a map key.
    public func key(_ name: String) -> IRPath { IRPath(components: components + [.key(name)]) }

    /// This path extended by a list index.
    public func index(_ i: Int) -> IRPath { IRPath(components: components + [.index(i)]) }

    /// The raw key/index sequence, for looking the node up in the YAML tree.
    public var documentKeys: [Component] { components }

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

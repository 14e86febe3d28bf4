import Basics
import Yams

extension YAMLLoader {
    /// The line and column (1-based) of the node an IR path names in document `index` of `text`,
    /// or of its nearest existing ancestor. Used only to decorate errors, so it re-parses lazily;
    /// to locate several errors in one text, use one `YAMLPositions`.
    public static func position(of path: IRPath, document index: Int, in text: String) -> (line: Int, column: Int)? {
        YAMLPositions(text: text).position(of: path, document: index)
    }

    static func position(of path: IRPath, in root: Node) -> (line: Int, column: Int)? {
        var node = root
        var best = node.mark
        for component in path.components {
            guard let next = child(of: node, component) else { break }
            node = next
            best = next.mark ?? best
        }
        return best.map { ($0.line, $0.column) }
    }

    private static func child(of node: Node, _ component: IRPath.Component) -> Node? {
        switch component {
        case .field(let name), .key(let name):
            guard let mapping = node.mapping else { return nil }
            for (key, value) in mapping where key.scalar?.string == name {
                // Point at the key for leaf scalars, at the value otherwise.
                if case .scalar = value { return key }
                return value
            }
            return nil
        case .index(let i):
            guard let seq = node.sequence, i >= 0, i < seq.count else { return nil }
            return seq[i]
        }
    }
}

/// The node trees of one YAML text, parsed on the first lookup and kept, so that locating many errors in a
/// large file costs one parse, not one per error. Not thread-safe: use one per rendering.
public final class YAMLPositions {
    private let text: String
    private var roots: [Node]?

    /// Positions in `text` (nothing is parsed yet).
    public init(text: String) { self.text = text }

    /// See `YAMLLoader.position(of:document:in:)`.
    public func position(of path: IRPath, document index: Int) -> (line: Int, column: Int)? {
        if roots == nil { roots = Self.parse(text) }
        guard let roots, roots.indices.contains(index) else { return nil }
        return YAMLLoader.position(of: path, in: roots[index])
    }

    private static func parse(_ text: String) -> [Node] {
        guard let parser = try? Parser(yaml: text) else { return [] }
        var roots: [Node] = []
        while roots.count < 3, let root = try? parser.nextRoot() { roots.append(root) }
        return roots
    }
}

import Basics
import Yams

extension YAMLLoader {
    /// The line and column (1-based) of the node an IR path names in document `index` of `text`,
    /// or of its nearest existing ancestor. Used only to decorate errors, so it re-parses lazily.
    public static func position(of path: IRPath, document index: Int, in text: String) -> (line: Int, column: Int)? {
        guard let parser = try? Parser(yaml: text) else { return nil }
        var current: Node?
        for _ in 0...index { current = try? parser.nextRoot() }
        guard var node = current else { return nil }
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

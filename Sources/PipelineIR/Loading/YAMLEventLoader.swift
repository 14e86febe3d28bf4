import Basics
import CYaml

/// Builds JSON values straight from libyaml's event stream: no intermediate node tree, no regex tag
/// resolution, an explicit stack instead of recursion (so deep nesting cannot overflow), duplicate keys
/// and syntax errors reported at their line and column.
struct YAMLEventLoader {
    /// An open collection. A class, so appending mutates in place instead of copying the collection.
    private final class Frame {
        let isMapping: Bool
        let anchor: String?
        var members: [String: JSONValue] = [:]
        var items: [JSONValue] = []
        var pendingKey: String?
        /// Nodes in this collection once aliases are expanded (itself included).
        var weight = 1

        init(isMapping: Bool, anchor: String?) {
            self.isMapping = isMapping
            self.anchor = anchor
        }
    }

    let file: String?
    private var stack: [Frame] = []
    private var anchors: [String: JSONValue] = [:]
    /// Node counts of anchored values with aliases expanded: an alias bomb must fail here, not hang whoever walks the tree.
    private var anchorWeights: [String: Int] = [:]
    /// Nodes the aliases seen so far stand for, expanded.
    private(set) var aliasedNodes = 0
    private var documents: [JSONValue] = []

    init(file: String?) { self.file = file }

    /// Parses every document in `bytes` (UTF-8).
    mutating func load(_ bytes: UnsafeBufferPointer<UInt8>) throws(IRError) -> [JSONValue] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw IRError("cannot start the YAML parser", at: nil) }
        defer { yaml_parser_delete(&parser) }
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return [] }
        yaml_parser_set_input_string(&parser, start, bytes.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(parser) }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            try handle(event)
        }
        return documents
    }

    private mutating func handle(_ event: yaml_event_t) throws(IRError) {
        switch event.type {
        case YAML_MAPPING_START_EVENT:
            try push(Frame(isMapping: true, anchor: string(event.data.mapping_start.anchor)), event)
        case YAML_SEQUENCE_START_EVENT:
            try push(Frame(isMapping: false, anchor: string(event.data.sequence_start.anchor)), event)
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            let frame = stack.removeLast()
            try add(frame.isMapping ? .object(frame.members) : .array(frame.items), anchor: frame.anchor, event, weight: frame.weight)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE
            let tagged = string(scalar.tag)
            let isKey = stack.last.map { $0.isMapping && $0.pendingKey == nil } ?? false
            let value: JSONValue = isKey ? .null : (plain && tagged == nil ? YAMLLoader.resolvePlain(text) : .string(text))
            try add(value, anchor: string(scalar.anchor), event, keyText: text)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let value = anchors[name] else { throw error("unknown alias '*\(name)'", event) }
            let weight = anchorWeights[name] ?? 1
            aliasedNodes += weight
            if aliasedNodes > YAMLLoader.maxAliasedNodes {
                throw error("YAML aliases expand to more than \(YAMLLoader.maxAliasedNodes) nodes", event,
                            hint: "an alias that repeats other aliases grows exponentially; write the values out")
            }
            try add(value, anchor: nil, event, weight: weight)
        default:
            break  // stream/document start and end
        }
    }

    private mutating func push(_ frame: Frame, _ event: yaml_event_t) throws(IRError) {
        if let top = stack.last, top.isMapping, top.pendingKey == nil { throw error("mapping keys must be plain strings", event) }
        if stack.count >= YAMLLoader.maxDepth { throw error("YAML nesting is deeper than \(YAMLLoader.maxDepth) levels", event) }
        stack.append(frame)
    }

    /// Adds a finished value to the enclosing collection (or as a new document).
    private mutating func add(_ value: JSONValue, anchor: String?, _ event: yaml_event_t, keyText: String? = nil,
                              weight: Int = 1) throws(IRError) {
        if let anchor {
            anchors[anchor] = value
            anchorWeights[anchor] = weight
        }
        guard let top = stack.last else { documents.append(value); return }
        top.weight = min(top.weight + weight, Int.max / 2)
        if !top.isMapping {
            top.items.append(value)
        } else if let key = top.pendingKey {
            top.members[key] = value
            top.pendingKey = nil
        } else {
            guard let keyText else { throw error("mapping keys must be plain strings", event) }
            if top.members[keyText] != nil {
                throw error("duplicate key '\(keyText)' in a mapping", event, hint: "each field may appear only once")
            }
            top.pendingKey = keyText
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private func error(_ message: String, _ event: yaml_event_t, hint: String? = nil) -> IRError {
        let mark = event.start_mark
        return IRError(message, at: .file(path: file ?? "<input>", line: mark.line + 1, column: mark.column + 1), hint: hint)
    }

    private func syntaxError(_ parser: yaml_parser_t) -> IRError {
        var problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if let context = parser.context.map({ String(cString: $0) }) {
            problem += " (\(context) at \(parser.context_mark.line + 1):\(parser.context_mark.column + 1))"
        }
        let mark = parser.problem_mark
        let hint = problem.contains("cannot start any token") ? "YAML indentation must use spaces, not tabs" : nil
        return IRError("YAML syntax error: \(problem)",
                       at: .file(path: file ?? "<input>", line: mark.line + 1, column: mark.column + 1), hint: hint)
    }
}

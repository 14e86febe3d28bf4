import Basics

/// Parses a large YAML text on two cores (issue 20): the first document of a compiled pipeline is a block
/// mapping whose keys (`components`, `deploymentSpec`, `root` …) start at column 0, so the text can be cut
/// before one of them near its middle and the two halves parsed at once, then their mappings joined.
///
/// A line at column 0 that starts with a letter, digit or `_` cannot continue anything of the top-level
/// mapping: plain and block scalars end before it, and a quoted scalar or flow collection left open would
/// make the first half fail. So this is a shortcut only: any failure, a half that is not one mapping, a key
/// in both halves, an alias to the other half, too many aliased nodes — and nil is returned, and the text
/// is parsed whole, which gives the errors and positions of a serial parse.
enum YAMLSplitLoader {
    /// Texts smaller than this are parsed on one core: starting a thread costs more than it saves.
    static let minimumBytes = 512 * 1024

    /// The documents of `bytes`, parsed as two halves on two threads, or nil when that is not possible.
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, file: String?) -> [JSONValue]? {
        guard let cut = cutOffset(bytes), let base = bytes.baseAddress else { return nil }
        let halves = [UnsafeBufferPointer(start: base, count: cut), UnsafeBufferPointer(start: base + cut, count: bytes.count - cut)]
        nonisolated(unsafe) let parts = halves  // read only
        let results = Concurrently.map(2) { i -> (documents: [JSONValue], aliasedNodes: Int)? in
            var loader = YAMLEventLoader(file: file)
            guard let documents = try? loader.load(parts[i]) else { return nil }
            return (documents, loader.aliasedNodes)
        }
        guard let first = results[0], let second = results[1], first.documents.count == 1,
              case .object(var members) = first.documents[0], case .object(let rest)? = second.documents.first,
              first.aliasedNodes + second.aliasedNodes <= YAMLLoader.maxAliasedNodes
        else { return nil }
        for (key, value) in rest where members.updateValue(value, forKey: key) != nil { return nil }
        return [.object(members)] + second.documents.dropFirst()
    }

    /// Where to cut: the start of the first line at or after the middle that begins with a key character, when
    /// the first document is a block mapping at column 0 and no line before the cut can end that document.
    static func cutOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let start = firstContentLine(bytes), isKeyStart(bytes[start]) else { return nil }
        var cut = max(bytes.count / 2, start + 1)
        while cut < bytes.count, !(bytes[cut - 1] == newline && isKeyStart(bytes[cut])) { cut += 1 }
        guard cut < bytes.count else { return nil }
        // `---`, `...` or a `%` directive at the start of a line would end the first document before the cut.
        var i = start
        while i < cut {
            if bytes[i] == newline, i + 1 < cut {
                let next = bytes[i + 1]
                if next == UInt8(ascii: "%") || ((next == UInt8(ascii: "-") || next == UInt8(ascii: ".")) && i + 3 < bytes.count
                    && bytes[i + 2] == next && bytes[i + 3] == next) { return nil }
            }
            i += 1
        }
        return cut
    }

    /// The offset of the first line that is neither blank nor a comment, if it starts at column 0.
    private static func firstContentLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var lineStart = 0
        while lineStart < bytes.count {
            var i = lineStart
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
            guard i < bytes.count else { return nil }
            let c = bytes[i]
            if c != newline && c != UInt8(ascii: "\r") && c != UInt8(ascii: "#") { return i == lineStart ? i : nil }
            while i < bytes.count, bytes[i] != newline { i += 1 }
            lineStart = i + 1
        }
        return nil
    }

    private static let newline = UInt8(ascii: "\n")

    private static func isKeyStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
    }
}

import Basics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses a large YAML text on all cores (issue 20): the first document of a compiled pipeline is a block
/// mapping whose keys (`components`, `deploymentSpec`, `root` …) start at column 0, so the text can be cut
/// before such keys into pieces that are parsed at once, and their mappings joined.
///
/// A line at column 0 that starts with a letter, digit or `_` cannot continue anything of the top-level
/// mapping: plain and block scalars end before it, and a quoted scalar or flow collection left open would
/// make the piece before it fail. So this is a shortcut only: on any failure, a piece that is not one
/// mapping, a key in two pieces, an alias to another piece, or too many aliased nodes, nil is returned and
/// the text is parsed whole, which gives the errors and positions of a serial parse.
enum YAMLSplitLoader {
    /// Texts smaller than this are parsed on one core: starting threads costs more than it saves.
    static let minimumBytes = 512 * 1024

    /// The documents of `bytes`, parsed in pieces on all cores, or nil when that is not possible.
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, file: String?) -> [JSONValue]? {
        guard let base = bytes.baseAddress else { return nil }
        let cuts = cutOffsets(bytes)
        guard !cuts.isEmpty else { return nil }
        let bounds = [0] + cuts + [bytes.count]
        nonisolated(unsafe) let start = base  // read only
        let results = Concurrently.map(bounds.count - 1) { i -> (documents: [JSONValue], aliasedNodes: Int)? in
            var loader = YAMLEventLoader(file: file)
            let piece = UnsafeBufferPointer(start: start + bounds[i], count: bounds[i + 1] - bounds[i])
            guard let documents = try? loader.load(piece) else { return nil }
            return (documents, loader.aliasedNodes)
        }
        var members: [String: JSONValue] = [:]
        var aliasedNodes = 0
        for (i, result) in results.enumerated() {
            guard let result, case .object(let part)? = result.documents.first,
                  result.documents.count == 1 || i == results.count - 1 else { return nil }
            aliasedNodes += result.aliasedNodes
            for (key, value) in part where members.updateValue(value, forKey: key) != nil { return nil }
        }
        guard aliasedNodes <= YAMLLoader.maxAliasedNodes, let last = results.last! else { return nil }
        return [.object(members)] + last.documents.dropFirst()
    }

    /// Where to cut: starts of lines that begin with a key character, at least `bytes.count / pieces` apart,
    /// when the first document is a block mapping at column 0, and before any line that could end it.
    static func cutOffsets(_ bytes: UnsafeBufferPointer<UInt8>, pieces: Int = 8) -> [Int] {
        guard let base = bytes.baseAddress, let first = firstContentLine(bytes), isKeyStart(bytes[first]) else { return [] }
        let spacing = max(1, bytes.count / pieces)
        var cuts: [Int] = []
        var previous = first
        var offset = first
        // From line start to line start with memchr: a compiled pipeline has hundreds of thousands of lines.
        while let found = memchr(base + offset, Int32(newline), bytes.count - offset) {
            offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
            guard offset < bytes.count else { break }
            let c = bytes[offset]
            // `---`, `...` or a `%` directive could end the first document: no cut after it.
            if c == UInt8(ascii: "%") { break }
            if (c == UInt8(ascii: "-") || c == UInt8(ascii: ".")), offset + 2 < bytes.count,
               bytes[offset + 1] == c, bytes[offset + 2] == c { break }
            if isKeyStart(c), offset - previous >= spacing, bytes.count - offset >= spacing / 2 {
                cuts.append(offset)
                previous = offset
            }
        }
        return cuts
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

import Foundation

/// The `command` and `args` of every container executor in a KFP-compiled pipeline YAML, read with
/// just enough YAML for what PyYAML emits there (block sequences of plain, single- or double-quoted
/// scalars), so that these tests need no YAML library.
struct CompiledCommands {
    /// One executor's container command line.
    struct Executor {
        var name: String
        var command: [String] = []
        var args: [String] = []
    }

    var executors: [String: Executor] = [:]

    init(yamlFile path: String) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        var current: String?
        var index = 0
        while index < lines.count {
            let line = lines[index], trimmed = line.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed.hasPrefix("exec-"), trimmed.hasSuffix(":") {
                let name = String(trimmed.dropLast())
                current = name
                if executors[name] == nil { executors[name] = Executor(name: name) }  // platform spec repeats names
            } else if let name = current, trimmed == "command:" || trimmed == "args:" {
                let items = Self.readSequence(lines, from: &index)
                if trimmed == "command:" { executors[name]!.command = items } else { executors[name]!.args = items }
            }
        }
    }

    /// Reads the block sequence starting at `index`, leaving `index` after it.
    static func readSequence(_ lines: [String], from index: inout Int) -> [String] {
        guard index < lines.count else { return [] }
        let dashIndent = lines[index].prefix(while: { $0 == " " }).count
        var items: [String] = []
        while index < lines.count, lines[index].dropFirst(dashIndent).hasPrefix("- "),
              lines[index].prefix(while: { $0 == " " }).count == dashIndent {
            var raw = String(lines[index].dropFirst(dashIndent + 2))
            index += 1
            while index < lines.count, lines[index].isEmpty || lines[index].prefix(while: { $0 == " " }).count > dashIndent {
                raw += "\n" + lines[index]
                index += 1
            }
            items.append(decodeScalar(raw))
        }
        return items
    }

    static func decodeScalar(_ raw: String) -> String {
        if raw.hasPrefix("\"") || raw.hasPrefix("'") { return decodeQuoted(Array(raw.unicodeScalars)) }
        return raw.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// A flow scalar: escapes (double quotes), `''` (single quotes), and line folding.
    static func decodeQuoted(_ chars: [Unicode.Scalar]) -> String {
        let quote = chars[0], double = quote == "\""
        var out: [Unicode.Scalar] = [], keep = 0, i = 1
        func skipBlanks() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }
        while i < chars.count {
            let c = chars[i]
            if c == quote {
                guard !double, i + 1 < chars.count, chars[i + 1] == "'" else { break }
                out.append("'"); i += 2; keep = out.count
            } else if double, c == "\\" {
                let n = chars[i + 1]
                i += 2
                if n == "\n" { skipBlanks() } else { i = appendEscape(n, chars, at: i, to: &out) }
                keep = out.count
            } else if c == "\n" {
                while out.count > keep, out.last == " " || out.last == "\t" { out.removeLast() }
                var breaks = 1
                i += 1
                skipBlanks()
                while i < chars.count, chars[i] == "\n" { breaks += 1; i += 1; skipBlanks() }
                out.append(contentsOf: breaks == 1 ? [" "] : Array(repeating: "\n", count: breaks - 1))
                keep = out.count
            } else {
                out.append(c); i += 1
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: out)
        return text
    }

    /// Appends the character of escape `\n`..; hex escapes read their digits. Returns the next index.
    static func appendEscape(_ n: Unicode.Scalar, _ chars: [Unicode.Scalar], at i: Int, to out: inout [Unicode.Scalar]) -> Int {
        let simple: [Unicode.Scalar: Unicode.Scalar] = ["n": "\n", "t": "\t", "r": "\r", "0": "\0", " ": " ",
                                                        "\"": "\"", "\\": "\\", "/": "/", "e": "\u{1B}", "N": "\u{85}"]
        if let mapped = simple[n] { out.append(mapped); return i }
        let width = ["x": 2, "u": 4, "U": 8][String(n)] ?? 0
        var hex = ""
        hex.unicodeScalars.append(contentsOf: chars[i..<(i + width)])
        out.append(Unicode.Scalar(UInt32(hex, radix: 16)!)!)
        return i + width
    }
}

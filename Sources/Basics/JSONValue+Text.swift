import Foundation

extension JSONValue {
    /// Compact JSON with object keys sorted: the only form Tarmac hashes or compares.
    public var canonicalJSON: String {
        var out = ""
        writeCanonical(into: &out)
        return out
    }

    /// KFP's text form of a value (ir-semantics §4.5.4): strings as is, integral numbers without a
    /// fraction, other numbers as the shortest round-trip decimal, lists/structs as compact JSON, null as "".
    public var textForm: String {
        switch self {
        case .null: return ""
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSONValue.formatNumber(n)
        case .array, .object: return canonicalJSON
        }
    }

    /// Integral doubles print as integers ("3"), others as Swift's shortest round-trip form.
    public static func formatNumber(_ n: Double) -> String {
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
        if n == n.rounded(), abs(n) < 1e18 { return String(Int64(n)) }
        return "\(n)"
    }

    private func writeCanonical(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSONValue.formatNumber(n)
        case .string(let s): JSONValue.writeEscaped(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeCanonical(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeEscaped(key, into: &out)
                out += ":"
                members[key]!.writeCanonical(into: &out)
            }
            out += "}"
        }
    }

    /// Writes `s` as a JSON string literal. Runs of bytes that need no escape are appended whole: every
    /// byte that does is ASCII, so a run never splits a multi-byte character.
    public static func writeEscaped(_ s: String, into out: inout String) {
        out += "\""
        var text = s
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self) }
                out += escape(byte)
                runStart = index + 1
            }
            if runStart == 0 {
                out += s
            } else if runStart < bytes.count {
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart...]), as: UTF8.self)
            }
        }
        out += "\""
    }

    /// The JSON escape of an ASCII byte below 0x20, a quote or a backslash.
    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case UInt8(ascii: "\n"): return "\\n"
        case UInt8(ascii: "\r"): return "\\r"
        case UInt8(ascii: "\t"): return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        default: return String(format: "\\u%04x", byte)
        }
    }
}

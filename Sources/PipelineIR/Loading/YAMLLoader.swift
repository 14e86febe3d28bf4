import Basics
import Foundation

/// Turns YAML (or JSON) text into JSON values, one per document, reporting syntax errors as file:line:column.
public enum YAMLLoader {
    /// Parses every document of a YAML stream. Duplicate keys are errors.
    public static func loadDocuments(_ text: String, file: String?) throws(IRError) -> [JSONValue] {
        try loadDocuments(text, file: file, splitAbove: YAMLSplitLoader.minimumBytes)
    }

    /// `loadDocuments`, parsing texts of at least `splitAbove` bytes on two cores when they allow it.
    static func loadDocuments(_ text: String, file: String?, splitAbove: Int) throws(IRError) -> [JSONValue] {
        var text = text
        let result = text.withUTF8 { bytes -> Result<[JSONValue], IRError> in
            if bytes.count >= splitAbove, let documents = YAMLSplitLoader.load(bytes, file: file) { return .success(documents) }
            var loader = YAMLEventLoader(file: file)
            do throws(IRError) { return .success(try loader.load(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Deepest nesting accepted, so hostile input cannot exhaust memory or stack.
    static let maxDepth = 256

    /// Most nodes all aliases of a stream may stand for, expanded (a compiled pipeline has no aliases at all).
    static let maxAliasedNodes = 1_000_000

    /// Resolves a scalar like PyYAML (YAML 1.1 core types), which wrote the file: quoted → string;
    /// plain → null, bool, int, float or string. Hand-written because it runs for every scalar of large files.
    static func resolvePlain(_ text: String) -> JSONValue {
        // Most plain scalars are words: only these first characters can start a non-string.
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "~"),
             UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
             UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            if first > UInt8(ascii: "9"), text.utf8.count > 5 { return .string(text) }  // longer than "false"
        default:
            return .string(text)
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string(text) }
        // Only digits, signs, points, exponents and underscores can make a number (not e.g. `--executor_input`).
        guard text.utf8.allSatisfy({ Self.numberBytes.contains($0) }) else { return .string(text) }
        let cleaned = text.utf8.contains(UInt8(ascii: "_")) ? String(text.filter { $0 != "_" }) : text
        if let i = Int64(cleaned) { return .number(Double(i)) }
        if isYAMLFloat(cleaned), let d = Double(cleaned) { return .number(d) }
        return .string(text)
    }

    private static let numberBytes = Set("0123456789+-._eE".utf8)

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, so that e.g. "0x10" or "1e" stay strings.
    private static func isYAMLFloat(_ text: String) -> Bool {
        var sawDigit = false, sawExponent = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"): if i != 0 && !sawExponent { return false }
            case UInt8(ascii: "."): if sawExponent { return false }
            case UInt8(ascii: "e"), UInt8(ascii: "E"): if sawExponent || !sawDigit { return false }; sawExponent = true
            default: return false
            }
        }
        return sawDigit && !(text.utf8.last.map { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? false)
    }
}

import Basics
import Foundation

/// Kubernetes quantities (`500m`, `2`, `4G`, `1Gi`, `1e3`) as numbers, after substituting a
/// `{{$.inputs.parameters['x']}}` placeholder by that input's string value (§1.4).
enum KubernetesQuantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", pow(1024, 2)), ("Gi", pow(1024, 3)), ("Ti", pow(1024, 4)), ("Pi", pow(1024, 5)), ("Ei", pow(1024, 6)),
        ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    /// The number `text` stands for; nil when it is empty (an unset placeholder). Throws when malformed.
    static func value(of text: String, parameters: [String: JSONValue]) throws -> Double? {
        let resolved = try substitute(text, parameters: parameters).trimmingCharacters(in: .whitespaces)
        if resolved.isEmpty { return nil }
        for (suffix, factor) in suffixes where resolved.hasSuffix(suffix) {
            if let number = Double(resolved.dropLast(suffix.count)), number >= 0 { return number * factor }
        }
        guard let number = Double(resolved), number >= 0 else { throw TaskFailure("'\(text)' is not a Kubernetes quantity") }
        return number
    }

    /// `text` with each `{{$.inputs.parameters['x']}}` replaced by input `x`'s string value (non-strings: empty, as the driver does).
    static func substitute(_ text: String, parameters: [String: JSONValue]) throws -> String {
        var result = text
        while let open = result.range(of: "{{$.inputs.parameters['") {
            guard let close = result.range(of: "']}}", range: open.upperBound..<result.endIndex) else {
                throw TaskFailure("malformed placeholder in '\(text)'")
            }
            let name = String(result[open.upperBound..<close.lowerBound])
            result.replaceSubrange(open.lowerBound..<close.upperBound, with: parameters[name]?.stringValue ?? "")
        }
        return result
    }
}

/// A Kubernetes storage quantity (`10Gi`, `500M`, `1e9`), as `WorkspaceConfig(size=...)` gives the workspace's PVC.
public enum StorageQuantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 0x1p10), ("Mi", 0x1p20), ("Gi", 0x1p30), ("Ti", 0x1p40), ("Pi", 0x1p50), ("Ei", 0x1p60),
        ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18), ("m", 1e-3),
    ]

    /// The number of bytes `text` stands for; nil when it is not a non-negative quantity.
    public static func bytes(_ text: String) -> Double? {
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            return number(text.dropLast(suffix.count)).map { $0 * factor }
        }
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]),
           let mantissa = number(text[..<e]) {
            return mantissa * pow10(exponent)
        }
        return number(Substring(text))
    }

    /// A plain decimal number (digits, at most one point), no sign but `+`.
    private static func number(_ text: Substring) -> Double? {
        let digits = text.hasPrefix("+") ? text.dropFirst() : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1, digits != "." else { return nil }
        return Double(digits)
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

import Foundation

/// Sizes (`10G`) and durations (`7d`) as users type them, and sizes as people read them.
enum ByteCount {
    /// `512`, `10K`, `3M`, `10G`, `1T` (powers of 1024; an optional trailing `B` or `iB`).
    static func parse(_ text: String, option: String) throws -> Int64 {
        var body = text.uppercased()
        for suffix in ["IB", "B"] where body.hasSuffix(suffix) && body.count > suffix.count { body.removeLast(suffix.count) }
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var factor: Int64 = 1
        if let last = body.last, let unit = units[last] { factor = unit; body.removeLast() }
        guard let number = Double(body), number >= 0 else {
            throw UsageError("\(option) expects a size such as 500M or 10G, got '\(text)'")
        }
        return Int64(number * Double(factor))
    }

    /// `30s`, `15m`, `12h`, `7d`, `2w` in seconds.
    static func duration(_ text: String, option: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
        guard let last = text.last, let unit = units[last], let number = Double(text.dropLast()), number >= 0 else {
            if let seconds = Double(text), seconds >= 0 { return seconds }
            throw UsageError("\(option) expects a duration such as 30m, 12h or 7d, got '\(text)'")
        }
        return number * unit
    }

    /// `1.5 GB`-style text (powers of 1024).
    static func format(_ bytes: Int64) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var index = 0
        while value >= 1024, index < units.count - 1 { value /= 1024; index += 1 }
        return index == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[index])
    }
}

import Foundation

/// Small text formats shared by the HTML pieces.
public enum HTMLFormat {
    /// `0.4s`, `12s`, `3m05s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }

    /// ISO 8601 in UTC, or "—".
    public static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        return ISO8601DateFormatter().string(from: date)
    }
}

/// Shortens a name to a width by cutting its middle: `condition-branches-1/…/announce-3`.
public enum MiddleCut {
    /// `text` in at most `width` characters: the first path segment and as many last ones as fit around `…`,
    /// else the head and tail of the text around `…`.
    public static func cut(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 0 else { return text }
        guard width > 2 else { return String(text.prefix(width)) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 2 {
            for kept in stride(from: parts.count - 2, through: 1, by: -1) {
                let short = "\(parts.first!)/…/" + parts.suffix(kept).joined(separator: "/")
                if short.count <= width { return short }
            }
        }
        let tail = (width - 1) / 2 + (width - 1) % 2, head = width - 1 - tail
        return String(text.prefix(head)) + "…" + String(text.suffix(tail))
    }
}

/// Keeps the formatting tags of rendered Markdown and turns everything else into text.
///
/// Allowed: the block and inline tags Markdown produces (`p`, `h1`…`h6`, lists, `blockquote`, `pre`,
/// `code`, tables, `em`, `strong`, `del`, `br`, `hr`, `a`, `img`). Their attributes are rebuilt from a
/// short list (`href` of a safe scheme, `align`, `start`, `code`'s `language-…` class, an `img`'s `data:`
/// source and `alt`; other images become their `alt` text); any other tag, comment or stray `<` is escaped. Closing tags must match an open one;
/// whatever is still open at the end is closed, so the fragment cannot break the page around it.
public enum HTMLSanitizer {
    static let allowed: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
                                       "table", "thead", "tbody", "tr", "th", "td", "em", "strong", "b", "i", "del", "s",
                                       "br", "hr", "a", "img"]
    static let void: Set<String> = ["br", "hr", "img"]

    /// The sanitised form of `html`.
    public static func clean(_ html: String) -> String {
        var out = "", open: [String] = []
        var rest = Substring(html)
        while let lt = rest.firstIndex(of: "<") {
            out += rest[..<lt]
            rest = rest[lt...]
            let start = rest
            guard let tag = Tag.parse(&rest) else {
                out += "&lt;"
                rest = rest.dropFirst()
                continue
            }
            guard allowed.contains(tag.name) else {
                out += Markup.escape(String(start[..<rest.startIndex]))
                continue
            }
            if tag.isClosing {
                guard let depth = open.lastIndex(of: tag.name) else { continue }
                while open.count > depth { out += "</\(open.removeLast())>" }
            } else if tag.name == "img", !(tag.attributes["src"] ?? "").hasPrefix("data:image/") {
                out += Markup.escape(tag.attributes["alt"] ?? "")  // a remote image cannot load (CSP): its text
            } else {
                out += "<" + tag.name + attributes(of: tag) + ">"
                if !void.contains(tag.name) { open.append(tag.name) }
            }
        }
        out += rest
        while let name = open.popLast() { out += "</\(name)>" }
        return out
    }

    /// The checked attributes of `tag`, each with a leading space.
    static func attributes(of tag: Tag) -> String {
        var kept: [(String, String)] = []
        switch tag.name {
        case "a":
            if let href = tag.attributes["href"], isSafeLink(href) { kept = [("href", href), ("rel", "noopener noreferrer")] }
        case "img":
            if let src = tag.attributes["src"], src.hasPrefix("data:image/") { kept.append(("src", src)) }
            if let alt = tag.attributes["alt"] { kept.append(("alt", alt)) }
        case "td", "th":
            if let align = tag.attributes["align"], ["left", "center", "right"].contains(align) { kept = [("align", align)] }
        case "ol":
            if let start = tag.attributes["start"], Int(start) != nil { kept = [("start", start)] }
        case "code":
            if let language = tag.attributes["class"], language.hasPrefix("language-"),
               language.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "+" }) { kept = [("class", language)] }
        default:
            break
        }
        return kept.map { " \($0.0)=\"\(Markup.escape(decodeBasicEntities($0.1)))\"" }.joined()
    }

    /// http(s), mailto, `#fragment` and relative links; not `javascript:`, `data:` or any other scheme.
    static func isSafeLink(_ raw: String) -> Bool {
        let value = raw.replacingOccurrences(of: "&amp;", with: "&")
        if value.contains("&") && value.range(of: #"&#?[A-Za-z0-9]+;"#, options: .regularExpression) != nil { return false }
        let compact = String(value.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        guard let colon = compact.firstIndex(of: ":") else { return true }
        let scheme = compact[..<colon]
        if scheme.contains(where: { "/?#".contains($0) }) { return true }
        return ["http", "https", "mailto"].contains(String(scheme))
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;` decoded (they are escaped again on the way out).
    static func decodeBasicEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// One HTML tag read by ``HTMLSanitizer``: `<name attr="value" …>` or `</name>`.
struct Tag {
    let name: String
    let isClosing: Bool
    let attributes: [String: String]

    /// Reads a tag at the start of `text` (which starts with `<`) and moves past it; nil (text unmoved) if it is not one.
    static func parse(_ text: inout Substring) -> Tag? {
        var cursor = text.dropFirst()
        let isClosing = cursor.first == "/"
        if isClosing { cursor = cursor.dropFirst() }
        let name = cursor.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard let first = name.first, first.isLetter else { return nil }
        cursor = cursor.dropFirst(name.count)
        var attributes: [String: String] = [:]
        while true {
            cursor = cursor.drop { $0.isWhitespace || $0 == "/" }
            guard let next = cursor.first else { return nil }
            if next == ">" { break }
            let key = cursor.prefix { !$0.isWhitespace && !"=>/\"'".contains($0) }
            guard !key.isEmpty else { return nil }
            cursor = cursor.dropFirst(key.count).drop { $0.isWhitespace }
            var value = ""
            if cursor.first == "=" {
                cursor = cursor.dropFirst().drop { $0.isWhitespace }
                if let quote = cursor.first, quote == "\"" || quote == "'" {
                    guard let end = cursor.dropFirst().firstIndex(of: quote) else { return nil }
                    value = String(cursor[cursor.index(after: cursor.startIndex)..<end])
                    cursor = cursor[cursor.index(after: end)...]
                } else {
                    let bare = cursor.prefix { !$0.isWhitespace && $0 != ">" }
                    value = String(bare)
                    cursor = cursor.dropFirst(bare.count)
                }
            }
            if attributes[key.lowercased()] == nil { attributes[key.lowercased()] = value }
        }
        text = cursor.dropFirst()
        return Tag(name: name.lowercased(), isClosing: isClosing, attributes: attributes)
    }
}

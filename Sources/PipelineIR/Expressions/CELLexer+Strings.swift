extension CELLexer {
    /// Lexes a string literal whose opening quote is at `index`: `'…'`, `"…"`, `'''…'''`, `"""…"""`,
    /// with CEL escapes unless `raw`. Single-quoted forms may not span lines.
    mutating func lexString(raw: Bool) throws(CELError) -> String {
        let start = index
        let quote = scalars[index]
        let triple = peek(1) == quote && peek(2) == quote
        index += triple ? 3 : 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw CELError("unterminated string literal", offset: start) }
            if c == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                index += triple ? 3 : 1
                return String(out)
            }
            if !triple, c == "\n" || c == "\r" {
                throw CELError("unterminated string literal", offset: start)
            }
            if c == "\\", !raw {
                out.append(try lexEscape())
            } else {
                out.append(c)
                index += 1
            }
        }
    }

    /// One escape sequence starting at the backslash at `index`.
    mutating func lexEscape() throws(CELError) -> Unicode.Scalar {
        let start = index
        let invalid = CELError("invalid escape sequence", offset: start)
        guard let c = peek(1) else { throw invalid }
        index += 2
        switch c {
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "\\", "'", "\"", "`", "?": return c
        case "x", "X": return try hexEscape(digits: 2, start: start)
        case "u": return try hexEscape(digits: 4, start: start)
        case "U": return try hexEscape(digits: 8, start: start)
        case "0"..."3":
            guard let d1 = peek(), let d2 = peek(1), ("0"..."7").contains(d1), ("0"..."7").contains(d2)
            else { throw invalid }
            index += 2
            let value = (c.value - 48) * 64 + (d1.value - 48) * 8 + (d2.value - 48)
            return Unicode.Scalar(value)!
        default:
            throw invalid
        }
    }

    /// The code point written as `digits` hex digits at `index`; surrogates are rejected.
    mutating func hexEscape(digits: Int, start: Int) throws(CELError) -> Unicode.Scalar {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let d = peek(), d.properties.isASCIIHexDigit, let v = UInt32(String(d), radix: 16) else {
                throw CELError("invalid escape sequence", offset: start)
            }
            value = value &* 16 &+ v
            index += 1
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw CELError("escape sequence is not a valid code point", offset: start)
        }
        return scalar
    }
}

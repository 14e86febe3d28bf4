/// One token of CEL source.
struct CELToken: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        /// An integer literal's magnitude (a leading `-` is a separate token).
        case int(UInt64)
        /// A double literal.
        case double(Double)
        /// A string literal's decoded value.
        case string(String)
        /// A name, including `true`, `false` and `null`.
        case identifier(String)
        /// An operator or bracket, e.g. `==`, `(`.
        case punctuation(String)
        /// End of the text.
        case end
    }

    /// What the token is.
    let kind: Kind
    /// Offset of the first scalar.
    let offset: Int
    /// The source spelling, for error messages.
    let text: String

    /// How error messages name this token: `'s'`, `string literal`, `end of input`.
    var display: String {
        switch kind {
        case .end: return "end of input"
        case .string: return "string literal"
        default: return "'\(text)'"
        }
    }

    /// True when this is the punctuation `p`.
    func isPunctuation(_ p: String) -> Bool { kind == .punctuation(p) }
}

/// Splits CEL source into tokens on demand, so the first error in the text is the one reported.
struct CELLexer {
    /// The text; offsets count these scalars.
    let scalars: [Unicode.Scalar]
    /// The next scalar to read.
    var index = 0

    /// A lexer at the start of `text`.
    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    /// Operators spelled with two characters.
    static let twoCharacterPunctuation: Set<String> = ["==", "!=", "<=", ">=", "&&", "||"]
    /// Single characters that are tokens; those outside the subset (`*`, `?`, ...) still lex so
    /// the parser can say `unexpected '*'`.
    static let oneCharacterPunctuation: Set<Unicode.Scalar> = [
        "(", ")", "[", "]", ".", ",", "!", "-", "+", "<", ">", "*", "/", "%", "?", ":", "{", "}",
    ]

    /// The scalar `ahead` positions after the current one, if any.
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    /// The source text from `start` to the current position.
    func text(from start: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<index])
        return String(s)
    }

    /// The next token (`.end` at the end of the text, repeatedly).
    mutating func next() throws(CELError) -> CELToken {
        skipWhitespaceAndComments()
        let start = index
        guard let c = peek() else { return CELToken(kind: .end, offset: start, text: "") }
        let kind: CELToken.Kind
        if ("0"..."9").contains(c) {
            kind = try lexNumber()
        } else if c == "'" || c == "\"" {
            kind = .string(try lexString(raw: false))
        } else if CELLexer.isIdentifierStart(c) {
            kind = try lexIdentifierOrPrefixedString()
        } else if let p = peek(1), CELLexer.twoCharacterPunctuation.contains("\(c)\(p)") {
            index += 2
            kind = .punctuation("\(c)\(p)")
        } else if CELLexer.oneCharacterPunctuation.contains(c) {
            index += 1
            kind = .punctuation(String(c))
        } else {
            throw CELError("unexpected character '\(c)'", offset: start)
        }
        return CELToken(kind: kind, offset: start, text: text(from: start))
    }

    /// Skips blanks and `//` comments.
    mutating func skipWhitespaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                index += 1
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { index += 1 }
            } else {
                return
            }
        }
    }

    /// `[A-Za-z_]`.
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    /// `[A-Za-z0-9_]`.
    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }

    /// A name, or a string with an `r` (raw) prefix; `b` (bytes) prefixes are rejected.
    mutating func lexIdentifierOrPrefixedString() throws(CELError) -> CELToken.Kind {
        let start = index
        while let c = peek(), CELLexer.isIdentifierPart(c) { index += 1 }
        let name = text(from: start)
        guard let q = peek(), q == "'" || q == "\"" else { return .identifier(name) }
        switch name.lowercased() {
        case "r": return .string(try lexString(raw: true))
        case "b", "rb", "br": throw CELError("bytes literals are not supported", offset: start)
        default: return .identifier(name)
        }
    }

    /// An int (decimal or `0x` hex) or a double (`1.5`, `1e-05`); `u` suffixes are rejected.
    mutating func lexNumber() throws(CELError) -> CELToken.Kind {
        let start = index
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            index += 2
            let digitsStart = index
            while let c = peek(), c.properties.isASCIIHexDigit { index += 1 }
            guard let value = UInt64(text(from: digitsStart), radix: 16) else {
                throw CELError("invalid hexadecimal literal", offset: start)
            }
            try rejectUnsignedSuffix()
            return .int(value)
        }
        var isDouble = false
        skipDigits()
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            isDouble = true
            index += 1
            skipDigits()
        }
        if peek() == "e" || peek() == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            guard let d = peek(signed ? 2 : 1), ("0"..."9").contains(d) else {
                throw CELError("malformed exponent in number literal", offset: start)
            }
            isDouble = true
            index += signed ? 2 : 1
            skipDigits()
        }
        let literal = text(from: start)
        if isDouble {
            guard let value = Double(literal), value.isFinite else {
                throw CELError("double literal out of range", offset: start)
            }
            return .double(value)
        }
        try rejectUnsignedSuffix()
        guard let value = UInt64(literal) else {
            throw CELError("integer literal out of range", offset: start)
        }
        return .int(value)
    }

    /// Skips `[0-9]*`.
    mutating func skipDigits() {
        while let c = peek(), ("0"..."9").contains(c) { index += 1 }
    }

    /// CEL `uint` literals (`1u`) are outside the subset.
    func rejectUnsignedSuffix() throws(CELError) {
        if peek() == "u" || peek() == "U" {
            throw CELError("unsigned integer literals are not supported", offset: index)
        }
    }
}

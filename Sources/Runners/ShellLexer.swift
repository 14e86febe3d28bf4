/// A word or an operator of a POSIX shell script.
enum ShellToken: Hashable {
    /// A word after quote removal (`$(…)` and `$NAME` are kept as written, not expanded).
    case word(String)
    /// `&&`, `||`, `;`, `&`, `|`, a newline, `(`, `)`, `<` or `>`.
    case op(String)
}

/// Splits the small shell scripts that compilers emit into tokens; just enough of the shell grammar
/// to read them, not to run them. Returns nil on an unterminated quote or `$(`.
enum ShellLexer {
    /// The tokens of `script`, comments dropped.
    static func tokens(_ script: String) -> [ShellToken]? {
        let chars = Array(script.unicodeScalars)
        var tokens: [ShellToken] = [], word = "", inWord = false, i = 0
        func endWord() {
            if inWord { tokens.append(.word(word)) }
            word = ""
            inWord = false
        }
        while i < chars.count {
            let c = chars[i], next = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case " ", "\t":
                endWord()
            case "\n", ";", "(", ")", "<", ">":
                endWord()
                tokens.append(.op(String(c)))
            case "&", "|":
                endWord()
                if next == c { tokens.append(.op(String(c) + String(c))); i += 1 } else { tokens.append(.op(String(c))) }
            case "#" where !inWord:
                while i + 1 < chars.count && chars[i + 1] != "\n" { i += 1 }
            case "'":
                guard let end = chars[(i + 1)...].firstIndex(of: "'") else { return nil }
                word.unicodeScalars.append(contentsOf: chars[(i + 1)..<end])
                inWord = true
                i = end
            case "\"":
                guard let end = readDoubleQuoted(chars, from: i + 1, into: &word) else { return nil }
                inWord = true
                i = end
            case "\\":
                if let next, next != "\n" { word.unicodeScalars.append(next); inWord = true }
                i += 1
            case "$" where next == "(":
                guard let end = copySubstitution(chars, from: i, into: &word) else { return nil }
                inWord = true
                i = end
            default:
                word.unicodeScalars.append(c)
                inWord = true
            }
            i += 1
        }
        endWord()
        return tokens
    }

    /// Reads a double-quoted string starting after its opening quote; returns the closing quote's index.
    private static func readDoubleQuoted(_ chars: [Unicode.Scalar], from start: Int, into word: inout String) -> Int? {
        var i = start
        while i < chars.count {
            let c = chars[i]
            if c == "\"" { return i }
            if c == "\\", i + 1 < chars.count, "$`\"\\\n".unicodeScalars.contains(chars[i + 1]) {
                if chars[i + 1] != "\n" { word.unicodeScalars.append(chars[i + 1]) }
                i += 2
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] == "(" {
                guard let end = copySubstitution(chars, from: i, into: &word) else { return nil }
                i = end + 1
                continue
            }
            word.unicodeScalars.append(c)
            i += 1
        }
        return nil
    }

    /// Copies `$( … )` verbatim (nested parentheses balanced); returns the closing parenthesis' index.
    private static func copySubstitution(_ chars: [Unicode.Scalar], from start: Int, into word: inout String) -> Int? {
        var depth = 0
        for i in start..<chars.count {
            word.unicodeScalars.append(chars[i])
            if chars[i] == "(" { depth += 1 }
            if chars[i] == ")" {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }
}

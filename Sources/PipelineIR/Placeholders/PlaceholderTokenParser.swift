/// Reads one `{{$...}}` token from a scalar array; `index` starts just after `{{$`.
struct PlaceholderTokenParser {
    let scalars: [Unicode.Scalar]
    var index: Int

    /// The deepest `json_escape[N]` accepted: each level roughly doubles the backslashes.
    static let maxJSONEscapeDepth = 8

    /// True when `{{$` starts at `i`.
    static func startsToken(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        i + 2 < scalars.count && scalars[i] == "{" && scalars[i + 1] == "{" && scalars[i + 2] == "$"
    }

    /// The placeholder; nil when the text is not a token at all (`{{$` not followed by `}}` or `.`).
    mutating func parseToken() throws(PlaceholderSyntaxError) -> Placeholder? {
        let start = index - 3
        if consume("}}") { return .executorInput }
        guard consume(".") else { return nil }
        if let placeholder = try parsePath(), consume("}}") { return placeholder }
        throw malformed(start: start)
    }

    /// The error for a `{{$.` token starting at `start` that matched no known form.
    private func malformed(start: Int) -> PlaceholderSyntaxError {
        guard let end = find("}}", from: start + 4) else {
            let rest = String(String.UnicodeScalarView(scalars[start...].prefix(60)))
            return PlaceholderSyntaxError("unterminated placeholder '\(rest)' (missing '}}')", offset: start)
        }
        let token = String(String.UnicodeScalarView(scalars[start..<end + 2]))
        return PlaceholderSyntaxError("unknown placeholder '\(token)'", offset: start)
    }

    private mutating func parsePath() throws(PlaceholderSyntaxError) -> Placeholder? {
        if consume("json_escape[") { return try parseJSONEscape() }
        if consume("inputs.parameters"), let name = bracketName() { return .inputParameter(name) }
        if consume("inputs.artifacts"), let name = bracketName() { return artifact(name, input: true) }
        if consume("outputs.parameters"), let name = bracketName() {
            return consume(".output_file") ? .outputParameterFile(name) : nil
        }
        if consume("outputs.artifacts"), let name = bracketName() { return artifact(name, input: false) }
        if consume("outputs.output_file") { return .outputMetadataFile }
        var word = ""
        while index < scalars.count, scalars[index] == "_" || ("a"..."z").contains(scalars[index]) {
            word.unicodeScalars.append(scalars[index])
            index += 1
        }
        return Placeholder.wordPlaceholders[word]
    }

    private mutating func parseJSONEscape() throws(PlaceholderSyntaxError) -> Placeholder? {
        let start = index
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        guard index > start, index - start <= 4, consume("]"),
              let n = Int(String(String.UnicodeScalarView(scalars[start..<index - 1])))
        else { return nil }
        guard n <= Self.maxJSONEscapeDepth else {
            throw PlaceholderSyntaxError("json_escape depth \(n) is too large (at most \(Self.maxJSONEscapeDepth))",
                                         offset: start - 16)
        }
        return .jsonEscapedExecutorInput(times: n)
    }

    /// The artifact forms after `artifacts['name']`: `.uri`, `.path`, `.metadata`, `.metadata['k']` or nothing.
    private mutating func artifact(_ name: String, input: Bool) -> Placeholder? {
        if consume(".uri") { return input ? .inputArtifactURI(name) : .outputArtifactURI(name) }
        if consume(".path") { return input ? .inputArtifactPath(name) : .outputArtifactPath(name) }
        if consume(".metadata") {
            let key = bracketName()
            return input ? .inputArtifactMetadata(name, key: key) : .outputArtifactMetadata(name, key: key)
        }
        return input ? .inputArtifactList(name) : .outputArtifactList(name)
    }

    /// `['name']` or `["name"]` (non-empty); leaves `index` unchanged when absent.
    private mutating func bracketName() -> String? {
        guard index + 1 < scalars.count, scalars[index] == "[",
              scalars[index + 1] == "'" || scalars[index + 1] == "\"" else { return nil }
        let quote = scalars[index + 1]
        var i = index + 2
        while i + 1 < scalars.count, !(scalars[i] == quote && scalars[i + 1] == "]") { i += 1 }
        guard i + 1 < scalars.count, i > index + 2 else { return nil }
        let name = String(String.UnicodeScalarView(scalars[(index + 2)..<i]))
        index = i + 2
        return name
    }

    /// Consumes `literal` if it comes next; otherwise leaves `index` unchanged.
    private mutating func consume(_ literal: String) -> Bool {
        var i = index
        for scalar in literal.unicodeScalars {
            guard i < scalars.count, scalars[i] == scalar else { return false }
            i += 1
        }
        index = i
        return true
    }

    private func find(_ literal: String, from start: Int) -> Int? {
        let pattern = Array(literal.unicodeScalars)
        var i = start
        while i + pattern.count <= scalars.count {
            if Array(scalars[i..<i + pattern.count]) == pattern { return i }
            i += 1
        }
        return nil
    }
}

import Basics

extension ArgumentTemplate {
    /// Parses one `command`/`args` element as written in the IR. An element starting (after
    /// whitespace) with `{"Concat":` or `{"IfPresent":` is read as JSON and built recursively;
    /// anything else is a template string. A lone JSON object whose single key is a near-miss of
    /// `Concat`/`IfPresent` with the matching value shape (e.g. `{"IfPresnt": {"InputName": ...}}`)
    /// is rejected rather than silently passed as text.
    public static func parse(_ arg: String) throws(PlaceholderSyntaxError) -> ArgumentTemplate {
        guard let keyword = structureKeyword(arg) else {
            try rejectNearMiss(arg)
            return .string(try TemplateString.parse(arg))
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(arg)
        } catch {
            throw PlaceholderSyntaxError("invalid JSON in \(keyword) argument: \(error.message)", offset: error.offset)
        }
        return try structure(json, context: "argument")
    }

    /// `Concat`/`IfPresent` when `arg` starts with `{"Concat":` / `{"IfPresent":` (whitespace allowed).
    private static func structureKeyword(_ arg: String) -> String? {
        var rest = Substring(arg).drop { $0.isWhitespace }
        guard rest.first == "{" else { return nil }
        rest = rest.dropFirst().drop { $0.isWhitespace }
        for keyword in ["Concat", "IfPresent"] where rest.hasPrefix("\"\(keyword)\"") {
            if rest.dropFirst(keyword.count + 2).drop(while: { $0.isWhitespace }).first == ":" { return keyword }
        }
        return nil
    }

    private static func rejectNearMiss(_ arg: String) throws(PlaceholderSyntaxError) {
        guard arg.drop(while: { $0.isWhitespace }).first == "{",
              let object = (try? JSONValue.parse(arg))?.objectValue, object.count == 1,
              let (key, value) = object.first else { return }
        let looksLikeConcat = value.arrayValue != nil && KeyMatch.isNearMiss(key, of: "Concat")
        let looksLikeIfPresent = value["InputName"] != nil && KeyMatch.isNearMiss(key, of: "IfPresent")
        if looksLikeConcat || looksLikeIfPresent {
            let expected = looksLikeConcat ? "Concat" : "IfPresent"
            throw PlaceholderSyntaxError("unknown key '\(key)' in argument (did you mean '\(expected)'?)")
        }
    }

    /// A `{"Concat": [...]}` or `{"IfPresent": {...}}` object.
    private static func structure(_ json: JSONValue, context: String) throws(PlaceholderSyntaxError) -> ArgumentTemplate {
        guard let object = json.objectValue, object.count == 1, let (key, value) = object.first else {
            throw PlaceholderSyntaxError("\(context) must be an object with a single key 'Concat' or 'IfPresent', found \(describe(json))")
        }
        switch key {
        case "Concat":
            guard let items = value.arrayValue else {
                throw PlaceholderSyntaxError("'Concat' must be a list, found \(value.kindName)")
            }
            return .concat(try items.map { (item) throws(PlaceholderSyntaxError) in try element(item, context: "Concat item") })
        case "IfPresent":
            return try ifPresent(value)
        default:
            throw PlaceholderSyntaxError("unknown key '\(key)' in \(context) (expected 'Concat' or 'IfPresent')")
        }
    }

    private static func ifPresent(_ value: JSONValue) throws(PlaceholderSyntaxError) -> ArgumentTemplate {
        guard let body = value.objectValue else {
            throw PlaceholderSyntaxError("'IfPresent' must be an object, found \(value.kindName)")
        }
        for key in body.keys.sorted() where !["InputName", "Then", "Else"].contains(key) {
            throw PlaceholderSyntaxError("unknown key '\(key)' in IfPresent (expected 'InputName', 'Then', 'Else')")
        }
        guard let nameValue = body["InputName"] else { throw PlaceholderSyntaxError("IfPresent has no 'InputName'") }
        guard let name = nameValue.stringValue, !name.isEmpty else {
            throw PlaceholderSyntaxError("IfPresent 'InputName' must be a non-empty string, found \(describe(nameValue))")
        }
        return .ifPresent(inputName: name, then: try branch(body["Then"], "Then"), otherwise: try branch(body["Else"], "Else"))
    }

    /// `Then`/`Else`: absent or null → nil; a string or object → one item; a list → its items.
    private static func branch(_ value: JSONValue?, _ name: String) throws(PlaceholderSyntaxError) -> [ArgumentTemplate]? {
        guard let value, !value.isNull else { return nil }
        let context = "IfPresent '\(name)'"
        guard let items = value.arrayValue else { return [try element(value, context: context)] }
        return try items.map { (item) throws(PlaceholderSyntaxError) in try element(item, context: context + " item") }
    }

    /// A string (template) or a nested Concat/IfPresent object.
    private static func element(_ json: JSONValue, context: String) throws(PlaceholderSyntaxError) -> ArgumentTemplate {
        if let s = json.stringValue {
            do { return .string(try TemplateString.parse(s)) } catch {
                throw PlaceholderSyntaxError("\(error.message) in \(context)")  // offset would be within the item
            }
        }
        guard json.objectValue != nil else {
            throw PlaceholderSyntaxError("\(context) must be a string or a Concat/IfPresent object, found \(json.kindName)")
        }
        return try structure(json, context: context)
    }

    private static func describe(_ json: JSONValue) -> String {
        if case .object(let o) = json { return o.isEmpty ? "an empty struct" : "keys \(o.keys.sorted())" }
        return json.kindName
    }
}

/// Spotting misspelled structure keys.
enum KeyMatch {
    /// True when `key` differs from `target` but is within edit distance 2 of it (ignoring case).
    static func isNearMiss(_ key: String, of target: String) -> Bool {
        key != target && abs(key.count - target.count) <= 2 && editDistance(key.lowercased(), target.lowercased()) <= 2
    }
}

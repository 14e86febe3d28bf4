import Basics

/// Supplies placeholder values for one execution; implemented by the planner/engine, faked in tests.
public protocol PlaceholderResolver {
    /// The text substituted for `placeholder`. Never called with `.jsonEscapedExecutorInput`:
    /// rendering derives that from `.executorInput`.
    func value(of placeholder: Placeholder) throws(PlaceholderResolutionError) -> String
    /// Whether input `name` counts as present for `IfPresent` (§4.5.1, post-#14175): a parameter
    /// with a non-null value (defaults included) or an artifact input with at least one artifact.
    func isPresent(_ name: String) -> Bool
}

extension Placeholder {
    /// `text` escaped `times` times as the body of a JSON string literal (no surrounding quotes):
    /// once gives what `{{$.json_escape[1]}}` must produce so that `"payload": "{{$.json_escape[1]}}"`
    /// decodes back to `text`; each further level escapes the previous result again. 0 returns `text`.
    public static func jsonEscape(_ text: String, times: Int) -> String {
        var result = text
        for _ in 0..<max(times, 0) {
            var quoted = ""
            JSONValue.writeEscaped(result, into: &quoted)
            result = String(quoted.dropFirst().dropLast())
        }
        return result
    }
}

extension TemplateString {
    /// Substitutes every placeholder in one pass: substituted text is never scanned again.
    public func render(with resolver: some PlaceholderResolver) throws(PlaceholderResolutionError) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s): out += s
            case .placeholder(.jsonEscapedExecutorInput(let n)):
                out += Placeholder.jsonEscape(try resolver.value(of: .executorInput), times: n)
            case .placeholder(let p): out += try resolver.value(of: p)
            }
        }
        return out
    }
}

extension ArgumentTemplate {
    /// The arguments this element becomes: `.string` and `.concat` give exactly one; `.ifPresent`
    /// gives its chosen branch flattened (none when that branch is missing).
    public func render(with resolver: some PlaceholderResolver) throws(PlaceholderResolutionError) -> [String] {
        switch self {
        case .string(let s):
            return [try s.render(with: resolver)]
        case .concat(let items):
            var joined = ""
            for item in items { joined += try item.render(with: resolver).joined() }
            return [joined]
        case .ifPresent(let name, let then, let otherwise):
            let branch = (resolver.isPresent(name) ? then : otherwise) ?? []
            return try Self.render(branch, with: resolver)
        }
    }

    /// A whole `command` or `args` list rendered and flattened, in order.
    public static func render(_ templates: [ArgumentTemplate], with resolver: some PlaceholderResolver)
        throws(PlaceholderResolutionError) -> [String]
    {
        var out: [String] = []
        for template in templates { out += try template.render(with: resolver) }
        return out
    }
}

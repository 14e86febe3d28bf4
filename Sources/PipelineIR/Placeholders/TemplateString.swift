/// A piece of a `TemplateString`.
public enum TemplatePart: Hashable, Sendable {
    /// Literal text, copied as is.
    case text(String)
    /// A placeholder, replaced by its value when rendered.
    case placeholder(Placeholder)
}

/// A string with embedded `{{$...}}` placeholders, e.g. `--in={{$.inputs.artifacts['d'].path}}`.
/// Adjacent text is always merged into one `.text` part; an empty string has no parts.
public struct TemplateString: Hashable, Sendable, CustomStringConvertible {
    /// Text and placeholders in order.
    public var parts: [TemplatePart]

    /// A template from parts (callers keep adjacent text merged).
    public init(parts: [TemplatePart]) { self.parts = parts }

    /// A string without placeholders.
    public init(text: String) { self.parts = text.isEmpty ? [] : [.text(text)] }

    /// The placeholders in order of appearance (with repeats).
    public var placeholders: [Placeholder] {
        parts.compactMap { if case .placeholder(let p) = $0 { return p } else { return nil } }
    }

    /// The string as written in the IR (placeholders in the compiler's spelling).
    public var description: String {
        parts.map { part in
            switch part {
            case .text(let s): return s
            case .placeholder(let p): return p.text
            }
        }.joined()
    }

    /// Parses every `{{$}}` and `{{$.` ... `}}` token of `s`; other text (including a bare `{{`)
    /// is literal. Unknown or unterminated `{{$.` tokens are errors unless `allowingUnknown`,
    /// which keeps them as literal text (useful for user-supplied parameter values).
    public static func parse(_ s: String, allowingUnknown: Bool = false) throws(PlaceholderSyntaxError) -> TemplateString {
        // Fast path: most arguments (e.g. a component's whole Python source) hold no placeholder at all.
        if !Self.mayContainPlaceholder(s) { return TemplateString(text: s) }
        let scalars = Array(s.unicodeScalars)
        var builder = Builder()
        var i = 0
        while i < scalars.count {
            guard PlaceholderTokenParser.startsToken(scalars, at: i) else {
                builder.append(scalars[i])
                i += 1
                continue
            }
            var parser = PlaceholderTokenParser(scalars: scalars, index: i + 3)
            do {
                if let placeholder = try parser.parseToken() {
                    builder.append(placeholder)
                    i = parser.index
                    continue
                }
            } catch {
                if !allowingUnknown { throw error }
            }
            builder.append(scalars[i])
            i += 1
        }
        return builder.finish()
    }

    /// Accumulates parts, merging adjacent text.
    private struct Builder {
        var parts: [TemplatePart] = []
        var text = String.UnicodeScalarView()

        mutating func append(_ scalar: Unicode.Scalar) { text.append(scalar) }

        mutating func append(_ placeholder: Placeholder) {
            flush()
            parts.append(.placeholder(placeholder))
        }

        mutating func flush() {
            if !text.isEmpty { parts.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }

        mutating func finish() -> TemplateString {
            flush()
            return TemplateString(parts: parts)
        }
    }
}

extension TemplateString {
    /// Whether `s` contains `{{$`, by a byte scan (much cheaper than a Foundation search on long sources).
    static func mayContainPlaceholder(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= 3 else { return false }
            for i in 0..<(bytes.count - 2) where bytes[i] == 0x7B && bytes[i + 1] == 0x7B && bytes[i + 2] == 0x24 {
                return true
            }
            return false
        } ?? s.contains("{{$")
    }
}

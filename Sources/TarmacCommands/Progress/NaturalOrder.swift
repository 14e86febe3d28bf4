/// Orders names as people count: `work-2` before `work-19`, `[9]` before `[10]`.
enum NaturalOrder {
    /// Whether `a` sorts before `b`: runs of digits compare by value, the rest character by character.
    static func less(_ a: String, _ b: String) -> Bool { Key(a) < Key(b) }

    /// A name split once into its chunks, for sorting many names (``less(_:_:)`` splits both on every call).
    struct Key: Comparable {
        let text: String
        let chunks: [String]

        init(_ text: String) {
            self.text = text
            chunks = NaturalOrder.chunks(text)
        }

        static func < (a: Key, b: Key) -> Bool {
            for (x, y) in zip(a.chunks, b.chunks) where x != y {
                switch (UInt64(x), UInt64(y)) {
                case let (m?, n?) where m != n: return m < n
                default: return x < y
                }
            }
            return a.chunks.count != b.chunks.count ? a.chunks.count < b.chunks.count : a.text < b.text
        }

        static func == (a: Key, b: Key) -> Bool { a.text == b.text }
    }

    /// `work-19` → `work-`, `19`.
    static func chunks(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inDigits = false
        for character in text {
            let digit = character.isASCII && character.isNumber
            if !current.isEmpty, digit != inDigits { result.append(current); current = "" }
            current.append(character)
            inDigits = digit
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

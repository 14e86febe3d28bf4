extension CELValue: Hashable {
    /// Structural equality (`.int(1) != .double(1)`), walked iteratively so deep values are safe.
    public static func == (lhs: CELValue, rhs: CELValue) -> Bool {
        var work = [(lhs, rhs)]
        while let (a, b) = work.popLast() {
            switch (a, b) {
            case (.null, .null): continue
            case (.bool(let x), .bool(let y)) where x == y: continue
            case (.int(let x), .int(let y)) where x == y: continue
            case (.double(let x), .double(let y)) where x == y: continue
            case (.string(let x), .string(let y)) where x == y: continue
            case (.list(let x), .list(let y)) where x.count == y.count:
                work.append(contentsOf: zip(x, y))
            case (.map(let x), .map(let y)) where x.count == y.count:
                for (key, value) in x {
                    guard let other = y[key] else { return false }
                    work.append((value, other))
                }
            default:
                return false
            }
        }
        return true
    }

    /// Hashes the kind and scalar payload; containers contribute only their size, which keeps
    /// hashing shallow and consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeName)
        switch self {
        case .null: break
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .double(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .list(let items): hasher.combine(items.count)
        case .map(let members): hasher.combine(members.count)
        }
    }
}

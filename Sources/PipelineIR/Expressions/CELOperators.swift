/// The result of comparing two CEL values that support ordering.
enum CELOrder {
    /// The usual outcomes.
    case less, equal, greater
    /// A NaN was involved: every ordering operator yields false.
    case unordered
}

/// CEL's non-logical operators over `CELValue`.
enum CELOperators {
    /// The error for an operator or function applied to kinds it does not accept.
    static func noOverload(_ text: String, at offset: Int) -> CELError {
        CELError("no such overload: \(text)", offset: offset)
    }

    /// `!x` (bool) and `-x` (int, with overflow check, or double).
    static func apply(_ op: CELUnaryOperator, _ value: CELValue, at offset: Int) throws(CELError) -> CELValue {
        switch (op, value) {
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .double(let d)): return .double(-d)
        case (.negate, .int(let i)):
            guard i != .min else { throw CELError("integer overflow", offset: offset) }
            return .int(-i)
        default: throw noOverload("\(op.rawValue)\(value.typeName)", at: offset)
        }
    }

    /// Relations and arithmetic (`&&`/`||` on plain bools too, though the interpreter handles those).
    static func apply(_ op: CELBinaryOperator, _ a: CELValue, _ b: CELValue, at offset: Int)
        throws(CELError) -> CELValue
    {
        let overload = noOverload("\(a.typeName) \(op.rawValue) \(b.typeName)", at: offset)
        switch op {
        case .equal: return .bool(CELValue.celEquals(a, b))
        case .notEqual: return .bool(!CELValue.celEquals(a, b))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = CELValue.celCompare(a, b) else { throw overload }
            switch (op, order) {
            case (_, .unordered): return .bool(false)
            case (.less, let o): return .bool(o == .less)
            case (.lessOrEqual, let o): return .bool(o != .greater)
            case (.greater, let o): return .bool(o == .greater)
            default: return .bool(order != .less)
            }
        case .add, .subtract:
            guard let result = try arithmetic(op, a, b, at: offset) else { throw overload }
            return result
        case .and, .or:
            guard case .bool(let x) = a, case .bool(let y) = b else { throw overload }
            return .bool(op == .and ? x && y : x || y)
        }
    }

    /// `+`/`-` on two ints (overflow is an error) or two doubles; `+` also joins strings and lists.
    /// Mixed int/double arithmetic has no overload in CEL; nil means no overload.
    static func arithmetic(_ op: CELBinaryOperator, _ a: CELValue, _ b: CELValue, at offset: Int)
        throws(CELError) -> CELValue?
    {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (value, overflow) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            if overflow { throw CELError("integer overflow", offset: offset) }
            return .int(value)
        case (.double(let x), .double(let y)): return .double(op == .add ? x + y : x - y)
        case (.string(let x), .string(let y)) where op == .add: return .string(x + y)
        case (.list(let x), .list(let y)) where op == .add: return .list(x + y)
        default: return nil
        }
    }
}

extension CELValue {
    /// CEL `==`: numbers compare by value across int and double (NaN equals nothing), strings by
    /// code point, lists and maps element-wise (iteratively); values of different kinds are
    /// unequal rather than an error.
    public static func celEquals(_ a: CELValue, _ b: CELValue) -> Bool {
        var work = [(a, b)]
        while let (x, y) = work.popLast() {
            switch (x, y) {
            case (.list(let p), .list(let q)):
                guard p.count == q.count else { return false }
                work.append(contentsOf: zip(p, q))
            case (.map(let p), .map(let q)):
                guard p.count == q.count else { return false }
                for (key, value) in p {
                    guard let other = q[key] else { return false }
                    work.append((value, other))
                }
            default:
                guard scalarEquals(x, y) else { return false }
            }
        }
        return true
    }

    /// `==` for everything but lists and maps (those are never equal to a scalar).
    static func scalarEquals(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int, .int), (.double, .double), (.int, .double), (.double, .int): return celCompare(a, b) == .equal
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        default: return false
        }
    }

    /// CEL ordering: numbers (int and double mix, compared exactly), strings by code point, bools
    /// (`false < true`). nil when the kinds have no ordering.
    static func celCompare(_ a: CELValue, _ b: CELValue) -> CELOrder? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? .less : x == y ? .equal : .greater
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return .unordered }
            return x < y ? .less : x == y ? .equal : .greater
        case (.int(let x), .double(let y)): return compare(x, y)
        case (.double(let x), .int(let y)): return reversed(compare(y, x))
        case (.string(let x), .string(let y)):
            if x.unicodeScalars.elementsEqual(y.unicodeScalars) { return .equal }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) { $0.value < $1.value } ? .less : .greater
        case (.bool(let x), .bool(let y)): return x == y ? .equal : (!x ? .less : .greater)
        default: return nil
        }
    }

    /// Exact comparison of an Int64 with a double (no rounding of the int to double).
    static func compare(_ i: Int64, _ d: Double) -> CELOrder {
        if d.isNaN { return .unordered }
        if d >= 0x1p63 { return .less }
        if d < -0x1p63 { return .greater }
        let whole = d.rounded(.towardZero)
        let truncated = Int64(whole)
        if i != truncated { return i < truncated ? .less : .greater }
        let fraction = d - whole
        return fraction > 0 ? .less : fraction < 0 ? .greater : .equal
    }

    /// The order with its operands swapped.
    static func reversed(_ order: CELOrder) -> CELOrder {
        switch order {
        case .less: return .greater
        case .greater: return .less
        default: return order
        }
    }
}

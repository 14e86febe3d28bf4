import Basics

/// Conversions between `google.protobuf.Value` (as `JSONValue`) and CEL values. Both walk the
/// value iteratively: JSON may nest 512 deep, too deep to recurse on a small thread stack.
extension CELValue {
    /// The value CEL sees for a `google.protobuf.Value`: numbers become doubles, structs maps.
    public init(_ json: JSONValue) {
        var work: [ConversionStep<JSONValue>] = [.visit(json)]
        var done: [CELValue] = []
        while let step = work.popLast() {
            switch step {
            case .visit(.null): done.append(.null)
            case .visit(.bool(let b)): done.append(.bool(b))
            case .visit(.number(let n)): done.append(.double(n))
            case .visit(.string(let s)): done.append(.string(s))
            case .visit(.array(let items)):
                work.append(.makeList(items.count))
                work.append(contentsOf: items.reversed().map { .visit($0) })
            case .visit(.object(let members)):
                work.append(.makeMap(Array(members.keys)))
                work.append(contentsOf: members.keys.reversed().map { .visit(members[$0]!) })
            case .makeList(let count):
                let items = Array(done.suffix(count))
                done.removeLast(count)
                done.append(.list(items))
            case .makeMap(let keys):
                let values = done.suffix(keys.count)
                done.removeLast(keys.count)
                done.append(.map(Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first })))
            }
        }
        self = done[0]
    }

    /// Back to a `google.protobuf.Value`: ints become (double) numbers; nil if a double is not
    /// finite, which JSON cannot carry.
    public var jsonValue: JSONValue? {
        var work: [ConversionStep<CELValue>] = [.visit(self)]
        var done: [JSONValue] = []
        while let step = work.popLast() {
            switch step {
            case .visit(.null): done.append(.null)
            case .visit(.bool(let b)): done.append(.bool(b))
            case .visit(.int(let i)): done.append(.number(Double(i)))
            case .visit(.double(let d)):
                guard d.isFinite else { return nil }
                done.append(.number(d))
            case .visit(.string(let s)): done.append(.string(s))
            case .visit(.list(let items)):
                work.append(.makeList(items.count))
                work.append(contentsOf: items.reversed().map { .visit($0) })
            case .visit(.map(let members)):
                work.append(.makeMap(Array(members.keys)))
                work.append(contentsOf: members.keys.reversed().map { .visit(members[$0]!) })
            case .makeList(let count):
                let items = Array(done.suffix(count))
                done.removeLast(count)
                done.append(.array(items))
            case .makeMap(let keys):
                let values = done.suffix(keys.count)
                done.removeLast(keys.count)
                done.append(.object(Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first })))
            }
        }
        return done[0]
    }
}

/// One step of an iterative tree conversion: visit a node, or assemble a container from the
/// last converted children.
enum ConversionStep<Node> {
    /// Convert this node (pushing its children first, if any).
    case visit(Node)
    /// Gather the last `n` results into a list.
    case makeList(Int)
    /// Gather the last results into a map with these keys, in order.
    case makeMap([String])
}

extension CELExpression {
    /// The names `X` of every `inputs.parameter_values['X']` (or `["X"]`, or `.X`) in the
    /// expression: the condition task's inputs it reads, for validation to check.
    /// A computed key (e.g. `inputs.parameter_values[a + b]`) names nothing and is not included.
    public var referencedParameters: Set<String> {
        var names: Set<String> = []
        var work = [self]
        while let expression = work.popLast() {
            switch expression.node {
            case .index(let base, let key) where base.isParameterValues:
                if case .literal(.string(let name)) = key.node { names.insert(name) }
            case .member(let base, let field) where base.isParameterValues:
                names.insert(field)
            default:
                break
            }
            work.append(contentsOf: expression.node.children)
        }
        return names
    }

    /// True for the expression `inputs.parameter_values` (or `inputs['parameter_values']`).
    var isParameterValues: Bool {
        switch node {
        case .member(let base, "parameter_values"):
            return base.node == .identifier("inputs")
        case .index(let base, let key):
            return base.node == .identifier("inputs") && key.node == .literal(.string("parameter_values"))
        default:
            return false
        }
    }
}

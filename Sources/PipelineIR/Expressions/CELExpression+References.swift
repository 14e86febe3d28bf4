extension CELExpression {
    /// The names `X` of every `inputs.parameter_values['X']` (or `["X"]`, or `.X`) in the
    /// expression: the condition task's inputs it reads, for validation to check.
    /// A computed key (e.g. `inputs.parameter_values[a + b]`) names nothing and is not included.
    public var referencedParameters: Set<String> {
        var names: Set<String> = []
        collectParameters(into: &names)
        return names
    }

    func collectParameters(into names: inout Set<String>) {
        switch node {
        case .index(let base, let key) where base.isParameterValues:
            if case .literal(.string(let name)) = key.node { names.insert(name) }
        case .member(let base, let field) where base.isParameterValues:
            names.insert(field)
        default:
            break
        }
        for child in node.children { child.collectParameters(into: &names) }
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

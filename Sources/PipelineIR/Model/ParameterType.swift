import Basics

/// `ParameterType.ParameterTypeEnum`: the declared type of a parameter.
public enum ParameterType: String, Sendable, Hashable, CaseIterable {
    case unspecified = "PARAMETER_TYPE_ENUM_UNSPECIFIED"
    case numberDouble = "NUMBER_DOUBLE"
    case numberInteger = "NUMBER_INTEGER"
    case string = "STRING"
    case boolean = "BOOLEAN"
    case list = "LIST"
    case `struct` = "STRUCT"
    case taskFinalStatus = "TASK_FINAL_STATUS"
    case taskConfig = "TASK_CONFIG"

    /// The JSON kind a value of this type has at run time ("number", "string", ...).
    public var jsonKindName: String {
        switch self {
        case .numberDouble, .numberInteger: return "number"
        case .string: return "string"
        case .boolean: return "bool"
        case .list: return "list"
        case .struct, .taskFinalStatus, .taskConfig: return "struct"
        case .unspecified: return "unspecified"
        }
    }

    /// What a value of this type looks like, for hints ("a whole number (e.g. 5)").
    public var valueDescription: String {
        switch self {
        case .numberInteger: return "a whole number (e.g. 5)"
        case .numberDouble: return "a number (e.g. 0.5)"
        case .string: return "a string"
        case .boolean: return "true or false"
        case .list: return "a list (e.g. [1, 2])"
        case .struct, .taskFinalStatus, .taskConfig: return "a mapping (e.g. {\"k\": 1})"
        case .unspecified: return "nothing: the type is unspecified"
        }
    }

    /// Whether `value` has the JSON kind this type requires (null never does; integers must be integral).
    public func accepts(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.numberDouble, .number): return true
        case (.numberInteger, .number(let n)): return n == n.rounded() && n.isFinite
        case (.string, .string), (.boolean, .bool), (.list, .array): return true
        case (.struct, .object), (.taskFinalStatus, .object), (.taskConfig, .object): return true
        default: return false
        }
    }
}

/// `ArtifactTypeSchema`: an artifact's type, by schema title (e.g. `system.Dataset`) or inline schema.
public struct ArtifactTypeSchema: Sendable, Hashable {
    /// `schemaTitle`, or the `title:` line of `instanceSchema`, or `schemaUri`.
    public var schemaTitle: String
    /// `schemaVersion`, e.g. `0.0.1`.
    public var schemaVersion: String?
    /// `instanceSchema` YAML text when the type was given inline.
    public var instanceSchema: String?

    public init(schemaTitle: String, schemaVersion: String? = nil, instanceSchema: String? = nil) {
        self.schemaTitle = schemaTitle
        self.schemaVersion = schemaVersion
        self.instanceSchema = instanceSchema
    }

    /// The generic `system.Artifact` type.
    public static let artifact = ArtifactTypeSchema(schemaTitle: "system.Artifact", schemaVersion: "0.0.1")
}

import Basics

extension ClusterCompatibility {
    /// What the KFP backend of `version` does with one construct of a container's command or args, as a warning;
    /// nil when it runs it as Tarmac does. `construct` is one of `ArgumentTemplate.clusterUnsupportedConstructs`;
    /// `argument` is the raw argument, used to quote the driver's own error.
    public static func message(for construct: String, argument: String? = nil, version: ClusterVersion = .newestKnown) -> String? {
        let before = "KFP backends before \(ClusterVersion.ifPresentResolved).0"
        switch construct {
        case "IfPresent":
            guard version < .ifPresentResolved else { return nil }
            return "IfPresent is passed literally by \(before) (the driver resolves it from \(ClusterVersion.ifPresentResolved).0, "
                + "kubeflow/pipelines#12598); Tarmac resolves it"
        case "Concat inside IfPresent", "nested IfPresent":
            guard version >= .ifPresentResolved else { return nil }  // the IfPresent warning covers it
            return "\(construct) makes the KFP driver fail the task when that branch is taken, from "
                + "\(ClusterVersion.ifPresentResolved).0 (\(driverError(argument))); \(before) pass the whole IfPresent "
                + "literally; Tarmac resolves it"
        case "Concat":
            return "Concat is left literal by the KFP backend (every release up to \(ClusterVersion.newestKnown)); Tarmac resolves it"
        default:
            return "\(construct) is left literal by the KFP backend (every release up to \(ClusterVersion.newestKnown)); Tarmac resolves it"
        }
    }

    /// The error `resolveCondition` (backend/src/v2/driver/util.go) gives for an IfPresent whose branch is not strings.
    private static func driverError(_ argument: String?) -> String {
        let list = "\"non-string item in IfPresent Then/Else array\""
        let single = "\"unexpected type in IfPresent Then/Else\""
        guard let argument, case .object(let outer)? = try? JSONValue.parse(argument),
              case .object(let body)? = outer["IfPresent"] else { return "\(single) or \(list)" }
        for branch in ["Then", "Else"] {
            if case .object? = body[branch] { return single }
        }
        return list
    }
}

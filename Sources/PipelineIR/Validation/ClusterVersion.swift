/// A KFP backend release, `major.minor`, that `validate --cluster-compat --cluster-version` judges a pipeline
/// against: some constructs changed meaning between releases (read from kubeflow/pipelines' history).
public struct ClusterVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    /// A version from its parts.
    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `X.Y` (a patch, `X.Y.Z`, is accepted and ignored); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0,
              parts.count == 2 || Int(parts[2]) != nil else { return nil }
        self.init(major, minor)
    }

    /// The newest release Tarmac knows (backend 2.17.0, July 2026); the default.
    public static let newestKnown = ClusterVersion(2, 17)
    /// The driver resolves `IfPresent` in command and args from here on (kubeflow/pipelines#12598).
    public static let ifPresentResolved = ClusterVersion(2, 17)
    /// A task's custom `cache_key` is honoured after this release (kubeflow/pipelines#13762, merged after 2.17.0).
    public static let lastIgnoringCacheKey = ClusterVersion(2, 17)

    public var description: String { "\(major).\(minor)" }

    public static func < (a: ClusterVersion, b: ClusterVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
}

/// What `tarmac --version` prints: the package version, the git commit it was built from and the
/// KFP IR it reads.
///
/// `version` is the one place the release number lives (`python/pyproject.toml` reads it from here).
/// `commit` comes from `BuildInfo+Commit.swift`, which `scripts/package` writes (it is not in git)
/// and compiles in with `-DTARMAC_PACKAGED`; any other build says it does not know its commit.
enum BuildInfo {
    /// The release number of Tarmac (the wheel and the tarball carry the same one).
    static let version = "0.1.0"

    #if !TARMAC_PACKAGED
    /// A development build (`swift build`) does not record its commit.
    static let commit = "unknown (development build)"
    #endif

    /// The IR `schemaVersion` values the KFP compiler writes that Tarmac is built and tested against:
    /// kfp 2.0 … 2.17 all write 2.1.0 (the examples are compiled with kfp 2.17.3 and 2.7.0).
    /// Tarmac does not refuse other values; it reads the same fields from them.
    static let irSchemaVersions = ["2.1.0"]

    /// The text of `tarmac --version`.
    static var versionText: String {
        """
        tarmac \(version)
        commit: \(commit)
        reads: KFP pipeline IR schemaVersion \(irSchemaVersions.joined(separator: ", ")) (kfp 2.0 … 2.17 compiler output), \
        with the kfp-kubernetes platform spec
        """
    }
}

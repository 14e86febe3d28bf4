import Testing
@testable import TarmacCommands

/// `tarmac --version`: the package version, the commit (a development build says it does not know it) and the IR it reads.
@Suite struct VersionTests {
    @Test func versionPrintsTheReleaseTheCommitAndTheIRVersions() {
        let result = tarmac(["--version"])
        #expect(result.code == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "tarmac \(BuildInfo.version)")
        #expect(lines.contains("commit: unknown (development build)"))
        #expect(lines.contains { $0.hasPrefix("reads: KFP pipeline IR schemaVersion 2.1.0") })
    }

    @Test func theVersionIsASemanticVersion() {
        let parts = BuildInfo.version.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }
}

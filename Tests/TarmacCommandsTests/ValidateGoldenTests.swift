import Foundation
import Testing
import TarmacCommands

/// `tarmac validate` over the fixtures: every invalid file fails with exactly the error text in its `.expected`
/// golden; every compiled pipeline we ship or collect is valid.
@Suite struct ValidateGoldenTests {
    static let invalidFolder = "Tests/Fixtures/ir/invalid"
    static let validFolder = "Tests/Fixtures/ir/valid"
    static let kfp27Folder = "Tests/Fixtures/kfp-2.7.0"

    static let invalidFixtures = Repo.files(in: invalidFolder, suffix: ".yaml")
    static let validFiles = Repo.files(in: validFolder, suffix: ".yaml") + Repo.examplePipelines()
        + Repo.files(in: kfp27Folder, suffix: ".yaml")

    /// Fixtures that `tarmac validate` gets wrong today because of a bug in Sources, with the bug.
    /// When a bug is fixed its test reports "known issue was not recorded": remove the entry then.
    /// Fixtures whose golden states a behaviour not implemented yet (path → why). Empty when all pass.
    static let knownIssues: [String: Comment] = [:]

    /// Runs `check` as a known issue when `path` has one.
    static func withKnownIssueIfAny(_ path: String, _ check: () -> Void) {
        if let comment = knownIssues[path] {
            withKnownIssue(comment) { check() }
        } else {
            check()
        }
    }

    @Test("every fixture folder that must exist holds files")
    func foldersAreNotEmpty() {
        #expect(Self.invalidFixtures.count >= 24, "\(Self.invalidFolder) holds \(Self.invalidFixtures.count) fixtures")
        #expect(!Repo.files(in: Self.validFolder, suffix: ".yaml").isEmpty, "\(Self.validFolder) is empty")
        #expect(!Repo.examplePipelines().isEmpty, "no examples/*/pipeline.yaml")
        #expect(!Repo.files(in: Self.kfp27Folder, suffix: ".yaml").isEmpty, "\(Self.kfp27Folder) is empty")
    }

    @Test("every example directory has a compiled pipeline.yaml")
    func examplesAreCompiled() {
        for directory in Repo.exampleDirectories() {
            #expect(Repo.read(directory + "/pipeline.yaml") != nil, "\(directory) has no pipeline.yaml")
        }
    }

    @Test("every invalid fixture has a golden and every golden a fixture")
    func goldensPairWithFixtures() {
        let goldens = Set(Repo.files(in: Self.invalidFolder, suffix: ".expected"))
        let fixtures = Set(Self.invalidFixtures.map { String($0.dropLast(".yaml".count)) + ".expected" })
        if Repo.updatingGoldens { return }
        #expect(fixtures.subtracting(goldens).sorted() == [], "fixtures without a golden")
        #expect(goldens.subtracting(fixtures).sorted() == [], "goldens without a fixture")
    }

    @Test("an invalid pipeline fails with exactly the golden error", arguments: invalidFixtures)
    func invalidFixture(_ path: String) throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("validate", path)
        let golden = String(path.dropLast(".yaml".count)) + ".expected"
        if let comment = Self.knownIssues[path] {
            // The golden holds the error we want, written by hand; UPDATE_GOLDEN leaves it alone.
            withKnownIssue(comment) {
                #expect(result.code == 65, "exit code; stdout: \(result.stdout)")
                #expect(result.stderr == Repo.read(golden))
            }
            return
        }
        #expect(result.code == 65, "exit code; stdout: \(result.stdout)")
        guard result.code == 65 else { return }  // never record a passing run as the expected error
        #expect(result.stdout == "")
        expectGolden(result.stderr, matches: golden)
    }

    @Test("a compiled pipeline is valid", arguments: validFiles)
    func validFile(_ path: String) throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("validate", path)
        Self.withKnownIssueIfAny(path) {
            #expect(result.code == 0, "stderr: \(result.stderr)")
            #expect(result.stderr == "")
        }
        if result.code == 0 {
            #expect(result.stdout.hasPrefix(path + ": valid (pipeline '"), "stdout: \(result.stdout)")
        }
    }

    @Test("with several files, valid ones are reported on stdout and the invalid one on stderr")
    func mixedFiles() throws {
        try Repo.requireRootIsCurrentDirectory()
        let valid = Self.validFolder + "/basic.yaml"
        let invalid = Self.invalidFolder + "/006-unknown-component.yaml"
        let result = tarmac("validate", valid, invalid)
        #expect(result.code == 65)
        #expect(result.stdout == "\(valid): valid (pipeline 'basic-pipeline', 2 task components, 0 DAGs)\n")
        #expect(result.stderr == Repo.read(String(invalid.dropLast(".yaml".count)) + ".expected"))
        #expect(tarmac("validate", "--quiet", valid).stdout == "")
    }

    @Test("a missing file is an invalid input, not a crash")
    func missingFile() throws {
        try Repo.requireRootIsCurrentDirectory()
        let result = tarmac("validate", "Tests/Fixtures/ir/no-such-file.yaml")
        #expect(result.code == 65)
        #expect(result.stderr == "tarmac: error: no such file\n  at Tests/Fixtures/ir/no-such-file.yaml\n")
    }
}

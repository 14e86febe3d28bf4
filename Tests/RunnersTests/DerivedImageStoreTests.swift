import Foundation
import Testing
@testable import Runners

@Suite("DerivedImageStore: the key, the build's variables, the records")
struct DerivedImageStoreTests {
    static let script = "\nPIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet 'six==1.16.0' && \"$0\" \"$@\"\n"

    @Test("the key changes with the install script, the base image's ID and the engine, and only with them")
    func key() {
        let base = DerivedImageStore.key(engine: .podman, baseImageID: "7c5e1e7de519", installScript: Self.script)
        #expect(base == DerivedImageStore.key(engine: .podman, baseImageID: "7c5e1e7de519", installScript: Self.script))
        #expect(base.count == 64 && base.allSatisfy(\.isHexDigit))
        let changed = [
            DerivedImageStore.key(engine: .podman, baseImageID: "7c5e1e7de519",
                                  installScript: Self.script.replacingOccurrences(of: "1.16.0", with: "1.15.0")),
            DerivedImageStore.key(engine: .podman, baseImageID: "0d2f9f4a11aa", installScript: Self.script),  // a re-pulled tag
            DerivedImageStore.key(engine: .docker, baseImageID: "7c5e1e7de519", installScript: Self.script),
        ]
        #expect(Set(changed + [base]).count == 4)
    }

    @Test("the variables file: one export per variable, single quotes escaped, no name that is no identifier")
    func variables() {
        let text = DerivedImageStore.variablesScript(["PIP_CERT": "/etc/ca.crt", "B": "it's", "bad name": "x", "1X": "y", "_ok": ""])
        #expect(text == "export B='it'\\''s'\nexport PIP_CERT='/etc/ca.crt'\nexport _ok=''\n")
    }

    @Test("records survive a round trip; an entry is recorded once; a store without records prunes nothing")
    func records() throws {
        let root = NSTemporaryDirectory() + "/tarmac-derived-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = DerivedImageStore(root: root, runner: SubprocessRunner())
        #expect(store.prune(keeping: [], usedSince: .distantFuture, environment: [:]) == DerivedImagePruning())
        try store.makeDirectory()
        let record = DerivedImageRecord(key: "k1", tag: "localhost/tarmac-env/k1", engine: "podman", baseImage: "docker.io/library/python:3.11-slim",
                                        baseImageID: "7c5e", created: Date(timeIntervalSince1970: 100), lastUsed: Date(timeIntervalSince1970: 200),
                                        entries: [])
        try store.writeRecord(record)
        store.recordEntry("p/abc", image: "k1")
        store.recordEntry("p/abc", image: "k1")
        let read = try #require(store.records().first)
        #expect(read.entries == ["p/abc"] && read.tag == record.tag && read.created == record.created && read.lastUsed > record.lastUsed)
        // Kept: a remaining entry was made with it (no engine is asked).
        #expect(store.prune(keeping: ["p/abc"], usedSince: .distantFuture, environment: [:]).removed.isEmpty)
        // Unreferenced but its engine is not on PATH: kept, and said so.
        let orphan = store.prune(keeping: [], usedSince: .distantFuture, environment: ["PATH": "/nonexistent"])
        #expect(orphan.removed.isEmpty && orphan.problems == ["localhost/tarmac-env/k1: podman is not on PATH; kept"])
    }
}

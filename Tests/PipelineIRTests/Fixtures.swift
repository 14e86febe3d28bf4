import Foundation
import PipelineIR

/// Files of the repository and the shared IR examples, located from this source file.
enum Fixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The compiled examples and the shared ir-examples copies kept under Tests/Fixtures/ir/valid.
    static func compiledPipelines() -> [String] {
        let fm = FileManager.default
        var paths: [String] = []
        let examples = repo.appendingPathComponent("examples")
        for name in (try? fm.contentsOfDirectory(atPath: examples.path))?.sorted() ?? [] {
            let file = examples.appendingPathComponent(name).appendingPathComponent("pipeline.yaml")
            if fm.fileExists(atPath: file.path) { paths.append(file.path) }
        }
        for folder in ["Tests/Fixtures/ir/valid", "Tests/Fixtures/kfp-2.7.0"] {
            let dir = repo.appendingPathComponent(folder)
            for name in (try? fm.contentsOfDirectory(atPath: dir.path))?.sorted() ?? [] where name.hasSuffix(".yaml") {
                paths.append(dir.appendingPathComponent(name).path)
            }
        }
        let fidelity = repo.appendingPathComponent("Tests/Fixtures/fidelity")
        for name in (try? fm.contentsOfDirectory(atPath: fidelity.path))?.sorted() ?? [] {
            let file = fidelity.appendingPathComponent(name).appendingPathComponent("pipeline.yaml")
            if fm.fileExists(atPath: file.path) { paths.append(file.path) }
        }
        return paths
    }

    /// The invalid IR files of the golden tests (Tests/Fixtures/ir/invalid).
    static func invalidPipelines() -> [String] {
        let dir = repo.appendingPathComponent("Tests/Fixtures/ir/invalid")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.sorted() ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { dir.appendingPathComponent($0).path }
    }

    static func load(_ relative: String) throws -> PipelineSpec {
        let path = repo.appendingPathComponent(relative).path
        return try PipelineSpec.load(String(contentsOfFile: path, encoding: .utf8), file: relative)
    }
}

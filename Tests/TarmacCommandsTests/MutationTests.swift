import Basics
import Foundation
import Testing

/// Hostile input: 1,000 deterministic mutants of the compiled examples (truncated, wrong types, deep nesting,
/// huge strings, cycles, unknown references, deleted and duplicate keys, binary garbage, alias bombs, ...)
/// go through `tarmac validate` and `tarmac plan` in-process. Each must end with exit 0 or 65 and, on 65,
/// a rendered error — never a trap. A trap kills the test process: the case being run is then the one file
/// left in `<store>/scratch/mutations-*/` (passing cases are deleted). `TARMAC_MUTATION_CASES` and
/// `TARMAC_MUTATION_SEED` run more or other cases locally;
/// `TARMAC_MUTATION_ONLY=3,17` runs only those cases and keeps their files.
@Suite struct MutationTests {
    static let cases = Int(E2E.environment["TARMAC_MUTATION_CASES"] ?? "") ?? 1_000
    static let seed = UInt64(E2E.environment["TARMAC_MUTATION_SEED"] ?? "") ?? 20_261_129

    @Test("1,000 mutated IRs: validate and plan end with exit 0 or 65 and a message, never a crash")
    func mutatedPipelinesFailCleanly() async throws {
        let pipelines = Repo.examplePipelines().map { (name: $0, text: Repo.read($0)!) }
        try #require(pipelines.count >= 10, "the compiled examples are missing")
        let mutator = try IRMutator(pipelines: pipelines)
        let directory = E2E.scratchDirectory("mutations")
        // Two workers (cases interleaved), each on its own 8 MiB-stack thread like the binary's main thread.
        async let even = offThread { Self.runCases(mutator, in: directory, stride: 2, offset: 0) }
        async let odd = offThread { Self.runCases(mutator, in: directory, stride: 2, offset: 1) }
        let results = await [even, odd]
        var failures = results.flatMap(\.failures)
        var outcomes: [IRMutation: (valid: Int, invalid: Int)] = [:]
        for result in results {
            outcomes.merge(result.outcomes) { ($0.valid + $1.valid, $0.invalid + $1.invalid) }
        }
        // Most mutants must be rejected, or the generator is not reaching the validator.
        for (mutation, counts) in outcomes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where counts.invalid == 0 && mutation != .moveSubtree {
            failures.append("no \(mutation.rawValue) case was rejected (\(counts.valid) valid): the mutation has no effect")
        }
        let counts = outcomes.sorted(by: { $0.key.rawValue < $1.key.rawValue }).map { "\($0.key.rawValue) \($0.value.invalid)/\($0.value.valid)" }
        print("mutations (rejected/valid): " + counts.joined(separator: ", "))
        let report = "\(failures.count) of \(Self.cases) cases misbehaved (seed \(Self.seed)):\n" + failures.prefix(20).joined(separator: "\n")
        #expect(failures.isEmpty, Comment(rawValue: report))
    }

    /// Runs cases `offset`, `offset + stride`, ...; returns one line per misbehaving case and the counts of valid
    /// and rejected mutants by mutation.
    static func runCases(_ mutator: IRMutator, in directory: String, stride: Int, offset: Int)
        -> (failures: [String], outcomes: [IRMutation: (valid: Int, invalid: Int)])
    {
        var failures: [String] = []
        var outcomes: [IRMutation: (valid: Int, invalid: Int)] = [:]
        let only = Set((E2E.environment["TARMAC_MUTATION_ONLY"] ?? "").split(separator: ",").compactMap { Int($0) })
        for index in Swift.stride(from: offset, to: cases, by: stride) where only.isEmpty || only.contains(index) {
            let mutant = mutator.mutant(index, seed: seed)
            let file = "\(directory)/case-\(index)-\(mutant.mutation.rawValue).yaml"
            _ = FileManager.default.createFile(atPath: file, contents: mutant.bytes)
            let label = "case \(index) (\(mutant.mutation.rawValue) of \(mutant.source))"
            var valid = true
            let started = Date()
            defer { if E2E.environment["TARMAC_MUTATION_TIMING"] != nil { print("case \(index) \(mutant.mutation.rawValue) \(mutant.bytes.count) bytes \(Date().timeIntervalSince(started))") } }
            for command in [["validate", file], ["plan", file]] {
                let result = tarmac(command)
                if let problem = problem(result, command: command[0]) { failures.append("\(label): \(problem)") }
                valid = valid && result.code == 0
            }
            outcomes[mutant.mutation, default: (0, 0)].valid += valid ? 1 : 0
            outcomes[mutant.mutation, default: (0, 0)].invalid += valid ? 0 : 1
            if only.isEmpty { try? FileManager.default.removeItem(atPath: file) }
        }
        return (failures, outcomes)
    }

    /// What is wrong with one command's result, or nil.
    static func problem(_ result: CommandResult, command: String) -> String? {
        switch result.code {
        case 0:
            return result.stdout.isEmpty ? "\(command) exited 0 with no output" : nil
        case 65:
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            return first.hasPrefix("tarmac: error: ") && first.count > "tarmac: error: ".count
                ? nil : "\(command) exited 65 without a rendered error: \(result.stderr.prefix(300))"
        default:
            return "\(command) exited \(result.code): \(result.stderr.prefix(300))"
        }
    }
}

import Foundation

/// The names a KFP cluster gives a run, which job placeholders carry into tasks.
enum JobNames {
    /// The SDK client's name for a run it is not given one for (`Client.create_run_from_pipeline_func`:
    /// `<pipeline name> <YYYY-MM-DD HH-MM-SS>`), here in UTC.
    static func displayName(pipeline: String, created: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH-mm-ss"
        return "\(pipeline) \(formatter.string(from: created))"
    }

    /// The Argo workflow's name: the compiler sets `generateName: <pipeline name>-`
    /// (backend/src/v2/compiler/argocompiler/argo.go) and Kubernetes appends 5 characters of its alphabet
    /// (consonants and digits without vowels or look-alikes); here they come from the run id, so one run keeps one name.
    static func resourceName(pipeline: String, runID: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var hash: UInt64 = 1469598103934665603  // FNV-1a over the run id
        for byte in runID.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        var suffix = ""
        for _ in 0..<5 {
            suffix.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash /= UInt64(alphabet.count)
        }
        return "\(pipeline)-\(suffix)"
    }
}

import Basics
import Foundation

/// Decides which files the browser may send: only regular files (or directories, for listing) whose real path,
/// with every symbolic link resolved, lies inside one of the allowed roots (the store, a run's pipeline root).
public struct StoreFileGuard: Sendable {
    /// Why a requested path is refused.
    public enum Refusal: Error, Equatable, Sendable {
        /// The path has a `..` component or is not absolute.
        case notPlain
        /// The path resolves (through symbolic links) outside every allowed root.
        case outside
        /// Nothing is there.
        case missing
    }

    /// The allowed roots, as real paths.
    public let roots: [String]

    /// A guard allowing the files under `roots` (resolved to real paths once, here).
    public init(roots: [String]) {
        self.roots = roots.compactMap { FilePaths.real($0) ?? URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The real path of `requested` when it may be served, else why not.
    public func check(_ requested: String) -> Result<String, Refusal> {
        guard requested.hasPrefix("/"), !requested.split(separator: "/").contains("..") else { return .failure(.notPlain) }
        guard let real = FilePaths.real(requested) else { return .failure(.missing) }
        let inside = roots.contains { root in real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") }
        return inside ? .success(real) : .failure(.outside)
    }

}

#if canImport(Glibc)
import Glibc
#endif

/// File-system path helpers shared by the targets that check where a path really leads.
public enum FilePaths {
    /// `realpath(3)`: the absolute path of an existing `path` with every symbolic link resolved; nil when it does not exist.
    public static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

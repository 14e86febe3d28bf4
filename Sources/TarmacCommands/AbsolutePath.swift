import Foundation

/// `path` made absolute against the working directory (as given otherwise: no `..` or `~` is resolved).
/// The one rule for paths typed on the command line (`--store`, `--uri-map`, `--junit`, a backup file, …).
func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}

import Basics
import Foundation

/// `run`'s check that the database is sound before it writes, without reading a large file again when
/// nothing but tarmac has touched it since tarmac last found it sound.
///
/// A cached rerun of 10,000 tasks on a 195 MB store took 1.1–3.1 s, and its `strace -tt` timeline
/// showed 2.0 s of it in the bounded `quick_check` before the run began. So after a sound check, a `run` that closes the store
/// writes the files' fingerprint (size, inode, modification and change times of the database and its
/// WAL) next to them; the next `run` that finds the same fingerprint skips the check. Anything else
/// that writes the file (a stray `dd`, a truncation, a killed tarmac, which writes no fingerprint) or a
/// copy moves a time and the check runs again. A change of the bytes that moves no time (the disk
/// itself) is not seen until then.
extension RunStore {
    /// Whether the files at `path` are as a `run` that found them sound left them. Asked before opening
    /// the store, because opening it writes (a page, at least).
    public static func unchangedSinceSound(path: String) -> Bool {
        let path = RunStore.standardPath(path)
        guard let fingerprint = SoundnessMemo.fingerprint(of: path) else { return false }
        return SoundnessMemo.read(for: path) == fingerprint
    }

    /// `quickCheck(within:)`, or `.remembered` without reading the file when `unchanged` (`unchangedSinceSound`).
    public func checkSoundness(within seconds: Double, unchanged: Bool) throws -> QuickCheck {
        let result = unchanged ? .remembered : try quickCheck(within: seconds)
        if result == .sound || result == .remembered { soundAtOpen.withLock { $0 = true } }
        return result
    }

    /// Closes the database (the last connection checkpoints the WAL, which is left empty) and, when it was found
    /// sound as it opened, remembers the files as this process leaves them. The store cannot be used afterwards.
    /// A check that ran out of time (`.unfinished`) is not remembered: such a store is checked by every `run`.
    public func closeRememberingSoundness() {
        guard (try? pool.close()) != nil, soundAtOpen.current, let fingerprint = SoundnessMemo.fingerprint(of: path) else { return }
        SoundnessMemo.write(fingerprint, for: path)
    }
}

/// The fingerprint file `<database>-sound`: one line, written whole (a temporary file renamed over it).
enum SoundnessMemo {
    static func file(for database: String) -> String { database + "-sound" }

    /// size, inode, mtime and ctime (ns) of the database and of its WAL ("-" when it is absent or empty,
    /// as opening a connection leaves it).
    static func fingerprint(of database: String) -> String? {
        guard let main = stat(database) else { return nil }
        return "v1 " + main + " " + (stat(database + "-wal", skippingEmpty: true) ?? "-")
    }

    static func read(for database: String) -> String? {
        (try? String(contentsOfFile: file(for: database), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func write(_ fingerprint: String, for database: String) {
        let target = file(for: database), draft = target + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: draft, contents: Data((fingerprint + "\n").utf8), attributes: [.posixPermissions: 0o600]),
              rename(draft, target) == 0 else { unlink(draft); return }
    }

    private static func stat(_ path: String, skippingEmpty: Bool = false) -> String? {
        var info = Glibc.stat()
        guard lstat(path, &info) == 0, !(skippingEmpty && info.st_size == 0) else { return nil }
        return "\(info.st_size):\(info.st_ino):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }
}

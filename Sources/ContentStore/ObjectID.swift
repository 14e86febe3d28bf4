/// The identity of one stored object: a file blob (`sha256:<hex>`) or a directory tree (`tree:<hex>`,
/// where `<hex>` is the SHA-256 of its canonical manifest, stored as a blob of its own).
public struct ObjectID: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// Whether the object is a file or a directory.
    public enum Kind: String, Sendable { case file = "sha256", tree }

    /// File or directory.
    public let kind: Kind
    /// 64 lowercase hex characters.
    public let hex: String

    /// An id from its parts.
    public init(kind: Kind, hex: String) {
        self.kind = kind
        self.hex = hex
    }

    /// Parses `sha256:<hex>` or `tree:<hex>`; nil for anything else (so a forged id never becomes a path).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = Kind(rawValue: parts[0]), Self.isHex(parts[1]) else { return nil }
        self.init(kind: kind, hex: parts[1])
    }

    /// `sha256:<hex>` or `tree:<hex>`.
    public var description: String { "\(kind.rawValue):\(hex)" }

    /// Ordered by text, for stable listings.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.description < rhs.description }

    /// True for exactly 64 lowercase hex digits.
    static func isHex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// What ingesting one path produced.
public struct StoredObject: Sendable, Hashable {
    /// The object's id.
    public let id: ObjectID
    /// Bytes of the content (a directory: the sum of its files).
    public let size: Int64
    /// Entries of a directory that were not stored: FIFOs, devices and sockets, as "`path` (a FIFO …)".
    public var dropped: [String] = []
}

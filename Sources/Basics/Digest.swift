import Crypto
import Foundation

/// SHA-256 digests as lowercase hex, the only hash Tarmac uses.
public enum Digest {
    /// The SHA-256 of `data`, as 64 lowercase hex characters.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of a string's UTF-8 bytes.
    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
}

/// An incremental SHA-256 for streams (files hashed while they are copied).
public struct StreamingSHA256 {
    private var hasher = SHA256()

    /// A hasher with nothing fed yet.
    public init() {}

    /// Feeds `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    /// The digest of everything fed, as 64 lowercase hex characters.
    public func finalize() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in hasher.finalize() { bytes.append(digits[Int(byte >> 4)]); bytes.append(digits[Int(byte & 15)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

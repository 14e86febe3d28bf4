import Crypto
import Foundation

/// SHA-256 digests as lowercase hex, the only hash Tarmac uses.
public enum Digest {
    /// The SHA-256 of `data`, as 64 lowercase hex characters.
    public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// The SHA-256 of a string's UTF-8 bytes.
    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// `count` bytes from the system's random source, as lowercase hex (tokens, multipart boundaries).
    public static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Bytes as lowercase hex.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes { text.append(digits[Int(byte >> 4)]); text.append(digits[Int(byte & 15)]) }
        return String(decoding: text, as: UTF8.self)
    }
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
        Digest.hex(hasher.finalize())
    }
}

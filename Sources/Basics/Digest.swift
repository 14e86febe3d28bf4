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

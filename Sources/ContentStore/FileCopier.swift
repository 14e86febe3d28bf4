import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Streams a file through SHA-256, optionally writing a copy as it goes: one read of the source, no
/// second pass. The buffer is large so a big artifact costs few system calls.
enum FileCopier {
    static let bufferSize = 4 << 20

    /// Hashes `source`; when `destination` is given, also writes the bytes there (created 0600, must not exist).
    /// With `followLinks` false a `source` that is a symbolic link is refused (task outputs: a component
    /// must not make Tarmac copy a file from outside its directory). Returns the hex digest and the byte count.
    static func hash(_ source: String, copyingTo destination: String? = nil, followLinks: Bool = true) throws -> (hex: String, size: Int64) {
        let input = open(source, O_RDONLY | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
        guard input >= 0 else { throw failure("cannot read", source) }
        defer { close(input) }
        var output: Int32 = -1
        if let destination {
            output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard output >= 0 else { throw failure("cannot create", destination) }
        }
        defer { if output >= 0 { close(output) } }
        posix_fadvise(input, 0, 0, POSIX_FADV_SEQUENTIAL)
        var hasher = StreamingSHA256()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, bufferSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", source)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            if output >= 0 { try writeAll(chunk, to: output, path: destination!) }
            size += Int64(count)
        }
        return (hasher.finalize(), size)
    }

    private static func writeAll(_ chunk: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var offset = 0
        while offset < chunk.count {
            let written = write(fd, chunk.baseAddress! + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write", path)
            }
            offset += written
        }
    }

    static func failure(_ what: String, _ path: String) -> ContentStoreError {
        ContentStoreError("\(what) \(path): \(String(cString: strerror(errno)))", path: path)
    }
}

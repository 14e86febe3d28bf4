import Basics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Streams a file through SHA-256, optionally writing a copy as it goes: one read of the source, no
/// second pass. The buffer is large so a big artifact costs few system calls. Holes of a sparse file are
/// found with `SEEK_DATA`/`SEEK_HOLE`: they are hashed as the zeros they read as, never read from disk,
/// and stay holes in the copy (a 3 GB `truncate -s 3G` file costs no disk space in the store).
enum FileCopier {
    static let bufferSize = 4 << 20
    /// `lseek` whences behind `_GNU_SOURCE` (Linux values), which Swift's Glibc module does not import.
    private static let seekData: Int32 = 3, seekHole: Int32 = 4
    /// `bufferSize` zero bytes, hashed in place of a hole.
    private static let zeros = [UInt8](repeating: 0, count: bufferSize)

    /// Hashes `source`; when `destination` is given, also writes the bytes there (created 0600, must not exist).
    /// `source` must be a regular file (a FIFO, device or socket is refused without reading it); with
    /// `followLinks` false a `source` that is a symbolic link is refused too (task outputs: a component
    /// must not make Tarmac copy a file from outside its directory). Returns the hex digest and the byte count.
    static func hash(_ source: String, copyingTo destination: String? = nil, followLinks: Bool = true) throws -> (hex: String, size: Int64) {
        let (input, expected) = try SafeFile.openRegular(source, followLinks: followLinks)
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
            // The next data region at or after `size`; a hole before it is hashed as zeros and skipped.
            var readable = bufferSize
            let dataStart = lseek(input, off_t(size), seekData)
            if dataStart < 0 {
                if errno == ENXIO {  // only a hole is left, up to the end of the file
                    hashZeros(Int64(expected) - size, into: &hasher)
                    size = max(size, expected)
                    break
                }
                _ = lseek(input, off_t(size), SEEK_SET)  // no SEEK_DATA on this file system: read everything
            } else if Int64(dataStart) > size {
                hashZeros(Int64(dataStart) - size, into: &hasher)
                size = Int64(dataStart)
            }
            if dataStart >= 0 {
                let holeStart = lseek(input, dataStart, seekHole)
                if holeStart > dataStart { readable = Int(min(Int64(bufferSize), Int64(holeStart) - size)) }
                _ = lseek(input, dataStart, SEEK_SET)
            }
            let count = read(input, buffer.baseAddress, readable)
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read", source)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            if output >= 0 { try writeAll(chunk, to: output, at: size, path: destination!) }
            size += Int64(count)
        }
        if output >= 0, ftruncate(output, off_t(size)) != 0 { throw failure("cannot write", destination!) }  // a trailing hole
        return (hasher.finalize(), size)
    }

    private static func hashZeros(_ count: Int64, into hasher: inout StreamingSHA256) {
        var left = count
        while left > 0 {
            let piece = Int(min(left, Int64(bufferSize)))
            zeros.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<piece])) }
            left -= Int64(piece)
        }
    }

    private static func writeAll(_ chunk: UnsafeRawBufferPointer, to fd: Int32, at start: Int64, path: String) throws {
        var offset = 0
        while offset < chunk.count {
            let written = pwrite(fd, chunk.baseAddress! + offset, chunk.count - offset, off_t(start) + off_t(offset))
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

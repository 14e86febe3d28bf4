import Basics
import Foundation
import PipelineIR
import TOMLKit

/// One value a config file sets.
enum ConfigValue: Sendable, Equatable {
    case string(String)
    case strings([String])
    case integer(Int)
    case boolean(Bool)

    /// As `config show` prints it (TOML-like).
    var text: String {
        switch self {
        case .string(let value): return quoted(value)
        case .strings(let values): return "[" + values.map(quoted).joined(separator: ", ") + "]"
        case .integer(let value): return String(value)
        case .boolean(let value): return String(value)
        }
    }

    var json: JSONValue {
        switch self {
        case .string(let value): return .string(value)
        case .strings(let values): return .array(values.map(JSONValue.string))
        case .integer(let value): return .number(Double(value))
        case .boolean(let value): return .bool(value)
        }
    }

    private func quoted(_ text: String) -> String {
        var out = ""
        JSONValue.writeEscaped(text, into: &out)
        return out
    }
}

/// A config file read with TOMLKit: its top-level keys, checked against `ConfigKey`, each with the line it is on.
struct ConfigFile: Sendable {
    let path: String
    let values: [ConfigKey: (value: ConfigValue, line: Int)]

    /// Reads and checks `path`. A TOML syntax error, an unknown key or a value of the wrong type is a located
    /// `IRError` (exit 65).
    static func read(_ path: String) throws -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IRError("cannot read the config file", at: .path(path), hint: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw IRError("the config file is not UTF-8 text", at: .path(path), hint: nil)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw IRError("the config file is not valid TOML: \(error.description)",
                              at: .file(path: path, line: error.source.begin.line, column: error.source.begin.column),
                              hint: "see https://toml.io for the syntax")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var values: [ConfigKey: (value: ConfigValue, line: Int)] = [:]
        for name in table.keys {
            guard let value = table[name] else { continue }
            let line = lineOf(key: name, in: text)
            let at = Location.file(path: path, line: line, column: 1)
            guard let key = ConfigKey(rawValue: name) else {
                throw IRError("unknown key '\(name)' in the config file", at: at, hint: hint(forUnknown: name))
            }
            values[key] = (try convert(value, key: key, at: at, directory: directory), line)
        }
        return ConfigFile(path: path, values: values)
    }

    private static func convert(_ value: TOMLValueConvertible, key: ConfigKey, at: Location, directory: String) throws -> ConfigValue {
        let wrongType = IRError("'\(key.rawValue)' must be \(key.typeName), not \(describe(value.type))", at: at,
                                    hint: example(key))
        switch key.kind {
        case .string:
            guard let string = value.string else { throw wrongType }
            return .string(string)
        case .path:
            guard let string = value.string else { throw wrongType }
            return .string(absolute(string, in: directory))
        case .integer:
            guard let integer = value.int else { throw wrongType }
            return .integer(integer)
        case .boolean:
            guard let boolean = value.bool else { throw wrongType }
            return .boolean(boolean)
        case .strings:
            guard let array = value.array else { throw wrongType }
            var strings: [String] = []
            for item in array {
                guard let string = item.string else {
                    throw IRError("'\(key.rawValue)' must be an array of strings; it holds \(describe(item.type))",
                                      at: at, hint: example(key))
                }
                strings.append(relativeParts(string, key: key, directory: directory))
            }
            return .strings(strings)
        }
    }

    /// Host paths in `mount` (HOST:…) and directories in `uri-map` (…=DIR) are relative to the file's directory.
    private static func relativeParts(_ entry: String, key: ConfigKey, directory: String) -> String {
        switch key {
        case .mount:
            guard let colon = entry.firstIndex(of: ":"), colon != entry.startIndex else { return entry }
            return absolute(String(entry[..<colon]), in: directory) + entry[colon...]
        case .uriMap:
            guard let eq = entry.range(of: "=", options: .backwards), eq.upperBound != entry.endIndex else { return entry }
            return entry[..<eq.upperBound] + absolute(String(entry[eq.upperBound...]), in: directory)
        default:
            return entry
        }
    }

    static func absolute(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/") { return (path as NSString).expandingTildeInPath }
        return ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    /// The 1-based line where top-level key `name` is set (`name =`, `"name" =`); 1 when not found.
    static func lineOf(key name: String, in text: String) -> Int {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            for spelled in [name, "\"\(name)\"", "'\(name)'"] where trimmed.hasPrefix(spelled) {
                let rest = trimmed.dropFirst(spelled.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("=") || rest.hasPrefix(".") { return index + 1 }
            }
            if trimmed.hasPrefix("[") && trimmed.dropFirst().drop(while: { $0 == "[" || $0 == " " }).hasPrefix(name) { return index + 1 }
        }
        return 1
    }

    private static func hint(forUnknown name: String) -> String {
        let known = ConfigKey.allCases.map(\.rawValue)
        let spelled = name.replacingOccurrences(of: "_", with: "-")
        if let near = known.min(by: { editDistance($0, spelled) < editDistance($1, spelled) }), editDistance(near, spelled) <= 2 {
            return "did you mean '\(near)'?"
        }
        return "known keys: " + known.joined(separator: ", ")
    }

    private static func describe(_ type: TOMLType) -> String {
        switch type {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a float"
        case .bool: return "a boolean"
        default: return "a date or time"
        }
    }

    private static func example(_ key: ConfigKey) -> String {
        switch key {
        case .store: return "for example store = \".tarmac\""
        case .runner: return "for example runner = \"podman\""
        case .mount: return "for example mount = [\"./data:/data:ro\"]"
        case .env: return "for example env = [\"LOG_LEVEL=debug\"]"
        case .network: return "for example network = \"host\""
        case .secretsDir: return "for example secrets-dir = \"secrets\""
        case .uriMap: return "for example uri-map = [\"gs://my-bucket=./data\"]"
        case .maxParallel: return "for example max-parallel = 4"
        case .inheritProxy: return "for example inherit-proxy = true"
        case .clusterVersion: return "for example cluster-version = \"2.16\""
        case .host: return "for example host = \"https://kfp.example.com/pipeline\""
        }
    }
}


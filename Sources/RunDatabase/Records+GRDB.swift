import Basics
import Foundation
import GRDB

// The records as GRDB records, through their `Codable` conformance: the columns are their `CodingKeys` (Records.swift),
// dates are Unix seconds (REAL), and states are stored by their raw values (`TaskState`, `RunState`, `CacheStatus`):
// this is the one place they meet the column text, and a name this code does not know fails the read instead of
// passing through as text. `CacheEntry` maps its row by hand (its object list is one space-separated column).

extension TaskState: DatabaseValueConvertible {}
extension RunState: DatabaseValueConvertible {}
extension CacheStatus: DatabaseValueConvertible {}

extension Date {
    /// The date as stored: Unix seconds.
    var storeValue: Double { timeIntervalSince1970 }
    /// A stored Unix-seconds value as a date.
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}

extension RunRecord: FetchableRecord, PersistableRecord {
    /// The `runs` table.
    public static let databaseTableName = "runs"
    /// Dates are Unix seconds.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    /// Dates are Unix seconds.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
}

extension TaskRecord: FetchableRecord, PersistableRecord {
    /// The `tasks` table.
    public static let databaseTableName = "tasks"
    /// Dates are Unix seconds.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    /// Dates are Unix seconds.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }

    /// The columns in the order of ``upsertSQL``'s placeholders.
    static let columns = CodingKeys.allCases.map(\.stringValue)

    /// Insert, or update every column but the key: no delete, so nothing referencing the row cascades.
    static let upsertSQL: String = {
        let updates = columns.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO tasks (\(columns.joined(separator: ", "))) VALUES (\(marks)) "
            + "ON CONFLICT (run_id, name) DO UPDATE SET \(updates)"
    }()

    /// The arguments of ``upsertSQL``, in ``columns`` order: the values the `Codable` encoding stores
    /// (`TaskRecordRowTests` compares them), made without it. A run writes a task's row when it starts and when it
    /// ends, and building it through `databaseDictionary` was 7.5 % of a cached rerun's CPU (`perf`, 10,000 tasks).
    var upsertArguments: StatementArguments {
        StatementArguments(CodingKeys.allCases.map(databaseValue))
    }

    /// The value of one column (the switch has a case for each, so a new column cannot be forgotten here).
    func databaseValue(_ column: CodingKeys) -> DatabaseValue {
        switch column {
        case .runID: runID.databaseValue
        case .name: name.databaseValue
        case .displayName: displayName.databaseValue
        case .state: state.databaseValue
        case .componentName: componentName.databaseValue
        case .exitCode: exitCode.databaseValue
        case .attempts: attempts.databaseValue
        case .started: started?.storeValue.databaseValue ?? .null
        case .finished: finished?.storeValue.databaseValue ?? .null
        case .inputsJSON: inputsJSON.databaseValue
        case .outputsJSON: outputsJSON.databaseValue
        case .error: error.databaseValue
        case .logsJSON: logsJSON.databaseValue
        case .cacheKey: cacheKey.databaseValue
        case .cacheStatus: cacheStatus.databaseValue
        case .cacheDescriptionJSON: cacheDescriptionJSON.databaseValue
        case .queued: queued?.storeValue.databaseValue ?? .null
        case .attemptsJSON: attemptsJSON.databaseValue
        }
    }
}

extension ArtifactRecord: FetchableRecord, PersistableRecord {
    /// The `artifacts` table.
    public static let databaseTableName = "artifacts"
    /// Dates are Unix seconds.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    /// Dates are Unix seconds.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
}

extension ArtifactUse: FetchableRecord, PersistableRecord {
    /// The `artifact_uses` table.
    public static let databaseTableName = "artifact_uses"
}

import Foundation
import HckCore
import Logging
import Manifest
import PostgresNIO
import Wire

extension PostgresRowSequence {
    /// Every row's first column, decoded.
    /// - Parameter type: the column's Swift type.
    func values<T: PostgresDecodable>(_ type: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await value in decode(T.self) { values.append(value) }
        return values
    }

    /// Every row, with columns reachable by name.
    func records() async throws -> [PostgresRandomAccessRow] {
        try await collect().map { $0.makeRandomAccess() }
    }
}

extension PostgresRandomAccessRow {
    /// A column's value.
    /// - Parameters:
    ///   - column: the column's name.
    ///   - type: its Swift type (optional for a nullable column).
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    /// A nullable seconds-since-1970 column as a date.
    /// - Parameter column: the column's name.
    func date(_ column: String) throws -> Date? {
        try value(column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }
}

extension PostgresJobStore {
    /// The rows of `table` (schedules, repositories) that `owner` has, or every row with nil, by id.
    static func ownedRows(
        _ connection: PostgresConnection,
        of table: String,
        owner: String?,
        logger: Logger
    ) async throws -> [PostgresRandomAccessRow] {
        let query: PostgresQuery =
            if let owner {
                "SELECT * FROM \(unescaped: table) WHERE owner = \(owner) ORDER BY id"
            } else {
                "SELECT * FROM \(unescaped: table) ORDER BY id"
            }
        return try await connection.query(query, logger: logger).records()
    }

    /// Reads a job and its tasks inside a transaction.
    static func fetchJob(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> Job? {
        guard
            let row = try await connection.query("SELECT * FROM jobs WHERE id = \(id)", logger: logger).records().first
        else { return nil }
        return try job(from: row, tasks: try await tasks(connection, jobID: id, logger: logger))
    }

    /// Reads the jobs a query selects (whole `jobs` rows) with their tasks, in the query's order.
    static func fetchJobs(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws
        -> [Job]
    {
        var jobs: [Job] = []
        for row in try await connection.query(query, logger: logger).records() {
            let id: Int64 = try row.value("id")
            jobs.append(try job(from: row, tasks: try await tasks(connection, jobID: id, logger: logger)))
        }
        return jobs
    }

    static func tasks(_ connection: PostgresConnection, jobID: Int64, logger: Logger) async throws -> [JobTask] {
        try await connection.query(
            "SELECT name, status FROM tasks WHERE job_id = \(jobID) ORDER BY position",
            logger: logger
        ).records().map {
            JobTask(name: try $0.value("name"), status: .init(rawValue: try $0.value("status")) ?? .pending)
        }
    }

    static func job(from row: PostgresRandomAccessRow, tasks: [JobTask]) throws -> Job {
        Job(
            id: try row.value("id"),
            owner: try row.value("owner"),
            status: .init(rawValue: try row.value("status")) ?? .failed,
            manifest: try row.value("manifest"),
            note: try row.value("note"),
            tags: try row.value("tags"),
            visibility: .init(rawValue: try row.value("visibility")) ?? .unlisted,
            image: try row.value("image"),
            arch: try row.value("arch"),
            secretsEnabled: try row.value("secrets_enabled"),
            groupID: try row.value("group_id"),
            tasks: tasks,
            runner: try row.value("runner"),
            leaseExpiresAt: try row.date("lease_expires_at"),
            deadline: try row.date("deadline"),
            cancelRequested: try row.value("cancel_requested"),
            reason: try row.value("reason"),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
            updatedAt: Date(timeIntervalSince1970: try row.value("updated_at"))
        )
    }
}

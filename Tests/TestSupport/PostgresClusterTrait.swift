public import Testing

/// Gives a suite a throw-away PostgreSQL cluster (``PostgresTestCluster/current``) for all its tests,
/// stopped when the suite ends; `StoreKind.postgres` makes its stores there.
package struct PostgresClusterTrait: SuiteTrait, TestScoping {
    package func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        test.isSuite ? self : nil
    }

    package func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    )
        async throws
    {
        try await PostgresTestCluster.with { cluster in
            try await PostgresTestCluster.$current.withValue(cluster) { try await function() }
        }
    }
}

extension Trait where Self == PostgresClusterTrait {
    /// A throw-away PostgreSQL cluster for the suite.
    package static var postgresCluster: Self { PostgresClusterTrait() }
}

import SQLKit
public import ScriptDeskCore

extension ResultHistory {
    /// Sets the indicators in force on `result`, as a correction leaves them; run it in the
    /// transaction of the revision that explains the change. Returns `false` when there is
    /// no such result.
    public func setIndicators(_ indicators: [ResultIndicator], of result: ResultKey, on db: StoreConnection) async throws -> Bool {
        let changed = try await db.raw(
            "UPDATE results SET indicators = \(bind: indicators.map(\.rawValue).joined()) WHERE \(result.clause) RETURNING mark"
        ).all()
        return !changed.isEmpty
    }
}

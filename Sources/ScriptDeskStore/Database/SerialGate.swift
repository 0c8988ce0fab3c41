/// Lets one unit of work at a time use a database connection.
///
/// A transaction is several statements on one connection; without the gate a second task
/// could slip its statements in between and find itself inside someone else's transaction.
actor SerialGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

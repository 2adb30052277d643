/// A counting semaphore for async code: at most `permits` holders at once; the others wait, first come
/// first served, suspended rather than blocking a thread. A waiter whose task is cancelled stops waiting.
actor AsyncSemaphore {
    private var available: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID: UInt64 = 0

    init(permits: Int) {
        precondition(permits > 0, "a semaphore needs at least one permit")
        available = permits
    }

    /// Runs `body` holding a permit, and gives the permit back however `body` ends.
    /// - Throws: `CancellationError` when the task is cancelled while waiting; else what `body` throws.
    nonisolated func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async throws {
        if available > 0 {
            available -= 1
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    /// Hands the permit to the longest waiter, else makes it available.
    private func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    /// A cancelled waiter leaves the queue; one already handed a permit keeps it (and gives it back).
    private func stopWaiting(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}

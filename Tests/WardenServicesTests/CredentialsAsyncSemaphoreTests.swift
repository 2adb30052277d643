@testable import WardenServices
import Testing

@Suite struct AsyncSemaphoreTests {
    /// Counts the bodies running at once.
    actor Gauge {
        private(set) var current = 0
        private(set) var highest = 0
        private(set) var finished = 0
        func enter() { current += 1; highest = max(highest, current) }
        func leave() { current -= 1; finished += 1 }
    }

    @Test func atMostThePermitsRunAtOnce() async throws {
        let semaphore = AsyncSemaphore(permits: 2)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await semaphore.withPermit {
                        await gauge.enter()
                        try await Task.sleep(for: .milliseconds(5))
                        await gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await gauge.highest == 2)
        #expect(await gauge.finished == 10)
    }

    @Test func aPermitComesBackWhenTheBodyThrows() async throws {
        struct Failure: Error {}
        let semaphore = AsyncSemaphore(permits: 1)
        await #expect(throws: Failure.self) { try await semaphore.withPermit { throw Failure() } }
        #expect(try await semaphore.withPermit { 42 } == 42)
    }

    @Test func aCancelledWaiterStopsWaiting() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        let holder = Task { try await semaphore.withPermit { try await Task.sleep(for: .seconds(60)) } }
        try await Task.sleep(for: .milliseconds(50))
        let waiter = Task { try await semaphore.withPermit { "ran" } }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        holder.cancel()
        _ = await holder.result
        #expect(try await semaphore.withPermit { "free" } == "free")
    }

    @Test func asyncHashesRunConcurrentlyAndVerify() async throws {
        let hasher = PasswordHasher()
        let passwords = (0..<6).map { "Password-\($0)!" }
        let hashes = try await withThrowingTaskGroup(of: (String, String).self) { group in
            for password in passwords { group.addTask { (password, try await hasher.hash(password)) } }
            return try await group.reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
        }
        for password in passwords {
            let hash = try #require(hashes[password])
            #expect(try await hasher.verify(password, against: hash))
            #expect(try await !hasher.verify(password + "x", against: hash))
        }
    }
}

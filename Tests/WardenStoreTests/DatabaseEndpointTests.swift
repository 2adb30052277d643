import Testing
import WardenStore

@Suite struct DatabaseEndpointTests {
    @Test func parsesTCPURLs() throws {
        let endpoint = try DatabaseEndpoint(url: "postgres://warden:s%40cret@db.internal:6432/orgs?sslmode=require")
        #expect(endpoint.location == .tcp(host: "db.internal", port: 6432))
        #expect(endpoint.username == "warden")
        #expect(endpoint.password == "s@cret")
        #expect(endpoint.database == "orgs")
        #expect(endpoint.tlsMode == .require)
        #expect(!endpoint.description.contains("cret"), "the password never reaches logs")
    }

    @Test func decodesEachPartOnce() throws {
        let endpoint = try DatabaseEndpoint(url: "postgres://w%2541rden:a%2541b%40c@db/or%2541gs")
        #expect(endpoint.username == "w%41rden")
        #expect(endpoint.password == "a%41b@c")
        #expect(endpoint.database == "or%41gs")
    }

    @Test func parsesSocketURLs() throws {
        let endpoint = try DatabaseEndpoint(url: "postgresql://warden@/warden?host=/var/run/postgresql")
        #expect(endpoint.location == .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(endpoint.tlsMode == .prefer)
    }

    @Test(arguments: [
        ("mysql://u@h/db", "expected postgres://"),
        ("postgres://u@h", "names no database"),
        ("postgres://h/db", "names no user"),
        ("postgres://u@h/db?sslmode=sometimes", "unknown sslmode"),
    ])
    func refusesUnusableURLs(_ url: String, _ reason: String) {
        #expect {
            try DatabaseEndpoint(url: url)
        } throws: { error in
            (error as? DatabaseURLError)?.reason.contains(reason) == true
        }
    }
}

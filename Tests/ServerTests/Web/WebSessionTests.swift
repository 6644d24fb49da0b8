import Client
import Foundation
import Manifest
import Store
import TestSupport
import Testing
import Wire

@testable import Server

/// Browser sessions kept in the store: hashed, renewed, expired, and alive across a server restart.
@Suite(.postgresCluster) struct WebSessionTests {
    @Test(arguments: StoreKind.allCases) func sessionsAreKeptHashedRenewedAndExpired(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let token = Token.generate()
        _ = try await store.createUser(name: "alice", role: .user, tokenHash: Token.hash(token))
        let sessions = WebSessions(store: store, lifetime: 100, renewal: 10)
        let start = Date(timeIntervalSince1970: 1_800_000_000)

        let id = try await sessions.open(tokenHash: Token.hash(token), now: start)
        #expect(try await store.webSession(idHash: id, now: start) == nil, "the store knows the id only by its hash")
        let first = try #require(try await sessions.session(id, now: start.addingTimeInterval(5)))
        #expect(first.user == "alice")
        #expect(first.csrf.count == 64 && first.csrf != id && first.csrf != Token.hash(id))
        #expect(
            try await store.webSession(idHash: Token.hash(id), now: start)?.expiresAt == start + 100,
            "not renewed yet"
        )

        // A visit after 50 s moves the end to 150 s; without it the session would end at 100 s.
        #expect(try await sessions.session(id, now: start + 50)?.csrf == first.csrf)
        #expect(try await sessions.session(id, now: start + 140)?.user == "alice")
        #expect(try await sessions.session(id, now: start + 400) == nil, "an unused session expires")
        #expect(try await sessions.session("x" + id.dropFirst(), now: start + 1) == nil)

        let second = try await sessions.open(tokenHash: Token.hash(token), now: start + 500)
        #expect(try await sessions.session(second, now: start + 501)?.user == "alice")
        try await sessions.close(second)
        #expect(try await sessions.session(second, now: start + 502) == nil, "a closed session is gone")
        let third = try await sessions.open(tokenHash: Token.hash(token), now: start + 600)
        #expect(try await sessions.session(third, now: start + 601)?.user == "alice")
        _ = try await store.revokeTokens(userName: "alice", reason: "test", now: start + 602)
        #expect(try await sessions.session(third, now: start + 603) == nil, "revoking the token ends its sessions")
        await #expect(throws: (any Error).self, "a session needs a real token") {
            _ = try await sessions.open(tokenHash: Token.hash("nobody's"), now: start)
        }
    }

    @Test func aSessionOutlivesAServerRestartAndOnlyItsHashIsStored() async throws {
        let dir = try TemporaryDirectory()
        let (cookie, secret) = try await TestServer.with(directory: dir, configure: WebAccessTests.patientLeases) {
            server in
            _ = try await EmulatedRunner(server: server)
            let secret = try await server.alice.submit(.web(note: "private one", tags: [], visibility: .private))
            let (answer, cookie) = try await WebAccessTests().signIn(
                WebClient(baseURL: server.url),
                token: server.alice.token!
            )
            #expect(answer.status == 303)
            return (cookie, secret.id)
        }
        let value = String(cookie.dropFirst("hck_session=".count))
        #expect(value.count == 64)
        var database = Data()
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path("data"))
        where file.hasPrefix("hck.sqlite") {
            database.append(try Data(contentsOf: URL(fileURLWithPath: dir.path("data/\(file)"))))
        }
        #expect(database.range(of: Data(value.utf8)) == nil, "the session id is stored in the clear")
        #expect(database.range(of: Data(Token.hash(value).utf8)) != nil, "the session's hash is not in the database")

        try await TestServer.with(directory: dir, configure: WebAccessTests.patientLeases) { server in
            let web = WebClient(baseURL: server.url)
            let page = try await web.send("GET", "/jobs/\(secret)", cookie: cookie)
            #expect(page.status == 200, "the restart signed alice out")
            #expect(page.text.contains("private one"))
            let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            let cancel = try await web.send(
                "POST",
                "/jobs/\(secret)/cancel",
                cookie: cookie,
                form: ["csrf": String(csrf)]
            )
            #expect(cancel.status == 303)
            #expect(try await server.alice.job(secret).status == .cancelled)
            #expect(try await web.send("POST", "/logout", cookie: cookie, form: ["csrf": String(csrf)]).status == 303)
            #expect(try await web.send("GET", "/jobs/\(secret)", cookie: cookie).status == 404, "signed out")
        }
    }
}

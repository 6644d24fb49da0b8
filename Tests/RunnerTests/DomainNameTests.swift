import Runner
import Testing

@Suite struct DomainNameTests {
    @Test func namesAndRecognisesJobDomains() {
        #expect(DomainName(jobID: "42").description == "hck-job-42")
        #expect(DomainName(parsing: "hck-job-42")?.jobID == "42")
        #expect(DomainName(parsing: "hck-job-") == nil)
        #expect(DomainName(parsing: "debian12") == nil)
    }
}

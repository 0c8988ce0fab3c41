import Testing

@testable import ScriptDeskTransfer

@Suite struct ObjectStoreConfigurationTests {
    static func store(
        _ endpoint: String,
        bucket: String = "scripts",
        pathStyle: Bool = true
    ) throws(TransferConfigurationError)
        -> ObjectStoreConfiguration
    {
        try ObjectStoreConfiguration(endpoint: endpoint, bucket: bucket, accessKeyID: "access", secretAccessKey: "the-secret", pathStyle: pathStyle)
    }

    @Test func pathStyleAndVirtualHostedURLs() throws {
        #expect(try Self.store("http://127.0.0.1:8333").url(of: "p/ab/x.pdf") == "http://127.0.0.1:8333/scripts/p/ab/x.pdf")
        #expect(try Self.store("https://s3.example:443/").url(of: "ab/x.pdf") == "https://s3.example/scripts/ab/x.pdf")
        #expect(try Self.store("https://S3.Example", pathStyle: false).url(of: "ab/x.pdf") == "https://scripts.s3.example/ab/x.pdf")
        #expect(try Self.store("http://[::1]:9000").url(of: "k") == "http://[::1]:9000/scripts/k")
    }

    @Test(arguments: [
        ("ftp://store.example", "endpoint"), ("http://store.example/bucket", "endpoint"), ("http://user:pw@store.example", "endpoint"),
        ("http://store.example?x=1", "endpoint"), ("not a url", "endpoint"),
    ])
    func unusableEndpointsAreRefused(endpoint: String, field: String) {
        #expect {
            try Self.store(endpoint)
        } throws: { error in
            guard case .invalidObjectStore(let named, _) = error as? TransferConfigurationError else { return false }
            return named == field
        }
    }

    @Test func unusableBucketsAndAddressingAreRefused() {
        #expect(throws: TransferConfigurationError.self) { try Self.store("http://s.example", bucket: "Upper") }
        #expect(throws: TransferConfigurationError.self) { try Self.store("http://s.example", bucket: "a/b") }
        #expect(throws: TransferConfigurationError.self) { try Self.store("http://127.0.0.1:8333", pathStyle: false) }
    }

    @Test func theSecretIsInNoDescription() throws {
        let store = try Self.store("http://127.0.0.1:8333")
        var dumped = ""
        dump(store, to: &dumped)
        for text in [store.description, String(reflecting: store), "\(store)", dumped] {
            #expect(!text.contains("the-secret"))
            #expect(text.contains("access"))
        }
    }

    @Test func theDefaultPolicyTrustsTheConfiguredEndpointOnly() throws {
        let loopback = try Self.store("http://127.0.0.1:8333").policy
        #expect(loopback.permitsConnection(to: IPAddress("127.0.0.1")!))
        #expect(!loopback.permitsConnection(to: IPAddress("127.0.0.2")!))
        #expect(!loopback.permitsConnection(to: IPAddress("10.0.0.1")!))
        #expect(loopback.schemes == ["http"])
        #expect(loopback.maxRedirects == 0 && loopback.redirectSchemes.isEmpty)
        let named = try Self.store("https://seaweed.internal").policy
        #expect(named.permitsConnection(to: IPAddress("10.1.2.3")!))
        #expect(named.allowedHosts == ["seaweed.internal"])
        #expect(named.schemes == ["https"])
    }
}

import Testing

@testable import ScriptDeskTransfer

/// CIDR ranges, the restricted ranges, and which addresses a policy connects to.
@Suite struct IPNetworkTests {
    @Test func rangesParseAndContainTheirAddresses() throws {
        let private10 = try IPNetwork("10.0.0.0/8")
        #expect(private10.contains(IPAddress("10.255.1.2")!))
        #expect(!private10.contains(IPAddress("11.0.0.1")!))
        let unique = try IPNetwork("fd00::/8")
        #expect(unique.contains(IPAddress("fd12:3456::1")!))
        #expect(!unique.contains(IPAddress("10.0.0.1")!))
        #expect(try IPNetwork("192.0.2.7").prefixLength == 32)
        #expect(try IPNetwork("[::1]").description == "::1/128")
    }

    @Test(arguments: ["10.0.0.1/8", "10.0.0.0/33", "fd00::/129", "archive.example/8", "10.0.0.0/x", ""])
    func malformedRangesAreRefused(text: String) throws {
        let error = try #require(throws: TransferConfigurationError.self) { try IPNetwork(text) }
        #expect(error.code == "transfer.config.invalid_network")
    }

    @Test(arguments: [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.254",
        "169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd12::1",
        "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "198.18.0.1", "198.19.255.255", "::ffff:198.18.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::808:808",
        "64:ff9b:1::a00:1", "2002:7f00:1::1", "2002:a00:1::1", "2002::", "fec0::1", "feff:ffff::1",
    ])
    func specialAddressesAreRestricted(address: String) throws {
        let ip = try #require(IPAddress(address))
        #expect(IPNetwork.isRestricted(ip))
        #expect(!FetchPolicy().permitsConnection(to: ip))
    }

    @Test(arguments: [
        "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.0.2.10", "198.17.255.255", "198.20.0.1", "2001:db8::1",
        "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::1:0:0:1", "2003::1", "fe7f::1",
    ])
    func publicAddressesAreNot(address: String) throws {
        let ip = try #require(IPAddress(address))
        #expect(!IPNetwork.isRestricted(ip))
        #expect(FetchPolicy().permitsConnection(to: ip))
    }

    @Test func allowedNetworksOpenTheirRangeOnly() throws {
        let policy = FetchPolicy(allowedNetworks: [try IPNetwork("10.20.0.0/16")])
        #expect(policy.permitsConnection(to: IPAddress("10.20.3.4")!))
        #expect(policy.permitsConnection(to: IPAddress("::ffff:10.20.3.4")!))
        #expect(!policy.permitsConnection(to: IPAddress("10.21.0.1")!))
        #expect(!policy.permitsConnection(to: IPAddress("127.0.0.1")!))
    }
}

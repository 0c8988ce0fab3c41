import Foundation
import ScriptDeskCore
import Testing

@testable import ScriptDeskTransfer

/// ListObjectsV2 answers read by the small XML reader: keys decoded, pages followed, and
/// anything it cannot read for sure refused rather than guessed at.
@Suite struct ObjectListingTests {
    static func parse(_ text: String) throws -> ObjectListing {
        try ObjectListing.parse(Array(text.utf8))
    }

    @Test func aTruncatedPageNamesItsObjectsAndTheNextPage() throws {
        let listing = try Self.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>scriptdesk</Name><Prefix>copies/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <IsTruncated>true</IsTruncated>
              <Contents><Key>copies/ab/one.pdf</Key><LastModified>2026-12-03T15:58:17.000Z</LastModified>
                <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>1024</Size>
                <Owner><ID>owner</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>
              <Contents><Key>copies/ab/R&amp;D &lt;notes&gt; &#x263A;&#9731;<![CDATA[ <raw> & ]]></Key>
                <LastModified>2026-12-03T15:58:18Z</LastModified><Size>7</Size></Contents>
              <!-- a comment -->
              <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
            </ListBucketResult>
            """
        )
        #expect(
            listing.objects == [
                ObjectListing.Object(key: "copies/ab/one.pdf", lastModified: try #require(ISO8601.date(from: "2026-12-03T15:58:17Z")), size: 1_024),
                ObjectListing.Object(
                    key: "copies/ab/R&D <notes> ☺☃ <raw> & ",
                    lastModified: try #require(ISO8601.date(from: "2026-12-03T15:58:18Z")),
                    size: 7
                ),
            ]
        )
        #expect(listing.continuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func theLastPageHasNoNextAndAnEmptyOneNoObjects() throws {
        let last = try Self.parse("<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount><Prefix/></ListBucketResult>")
        #expect(last == ObjectListing(objects: [], continuationToken: nil))
    }

    @Test(arguments: [
        "<Error><Code>AccessDenied</Code></Error>",
        "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
        "<ListBucketResult><Contents><Key>a</Key><LastModified>yesterday</LastModified></Contents></ListBucketResult>",
        "<ListBucketResult><Contents><LastModified>2026-12-03T15:58:17Z</LastModified></Contents></ListBucketResult>",
        "<ListBucketResult><Contents><Key>a &bogus; b</Key></Contents></ListBucketResult>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ListBucketResult><Contents><Key>&e;</Key></Contents></ListBucketResult>",
        "<ListBucketResult><Contents><Key>a</Key></Content></ListBucketResult>",
        "<ListBucketResult><Contents>",
        "",
    ])
    func whatCannotBeReadForSureIsRefused(document: String) {
        #expect(throws: XMLLeaves.Malformed.self) { try Self.parse(document) }
    }
}

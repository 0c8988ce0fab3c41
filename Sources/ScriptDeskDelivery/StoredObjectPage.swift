/// One page of a download area's objects.
public struct StoredObjectPage: Sendable, Hashable {
    /// The objects on the page.
    public var objectIDs: [String]
    /// What names the next page, for `DownloadArea.objects(writtenBefore:from:)`; nil on the last.
    public var next: String?

    /// A page of `objectIDs`, followed by the page `next` names, if any.
    public init(objectIDs: [String], next: String?) {
        self.objectIDs = objectIDs
        self.next = next
    }
}

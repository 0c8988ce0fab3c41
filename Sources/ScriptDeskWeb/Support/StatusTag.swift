import ScriptDeskCore

/// How a request's status is shown: a word and a tag colour, never colour alone.
enum StatusTag {
    static func label(_ status: ScriptRequestStatus) -> String {
        switch status {
        case .queued: "Waiting"
        case .processing: "Being prepared"
        case .ready: "Ready to download"
        case .downloaded: "Downloaded"
        case .expired: "Link expired"
        case .failed: "Could not be made"
        }
    }

    static func style(_ status: ScriptRequestStatus) -> String {
        switch status {
        case .queued: "tag--grey"
        case .processing: "tag--blue"
        case .ready: "tag--green"
        case .downloaded: "tag--blue"
        case .expired: "tag--yellow"
        case .failed: "tag--red"
        }
    }
}

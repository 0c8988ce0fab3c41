public import ScriptDeskCore

/// Why a person could not be added or changed.
public enum PeopleError: ScriptDeskError, Sendable, Hashable {
    /// The user name is taken.
    case usernameTaken(String)
    /// The user name is empty, too long, or has characters other than letters, digits, `.`, `-`, `_` and `@`.
    case badUsername
    /// Nobody signs in with this user name.
    case unknown(String)
    /// The password is shorter than `minimum` bytes.
    case passwordTooShort(minimum: Int)
    /// The password is longer than `maximum` bytes.
    case passwordTooLong(maximum: Int)
    /// A centre role was given no centre.
    case centreRequired(Role)
    /// Operations or administrators were given a centre.
    case centreNotAllowed(Role)
    /// No centre has this number.
    case centreNotFound(CentreNumber)
    /// Subjects were given to someone who is not a teacher.
    case subjectsForTeachersOnly
    /// A subject is neither a component code on record nor a qualification.
    case unknownSubject(String)
    /// The name is empty or too long.
    case badName

    /// `people.*` or `centre.not_found`.
    public var code: String {
        switch self {
        case .usernameTaken: "people.username_taken"
        case .badUsername: "people.bad_username"
        case .unknown: "people.not_found"
        case .passwordTooShort, .passwordTooLong: "people.bad_password"
        case .centreRequired, .centreNotAllowed, .subjectsForTeachersOnly, .badName: "people.invalid"
        case .centreNotFound: "centre.not_found"
        case .unknownSubject: "people.unknown_subject"
        }
    }

    /// What to change.
    public var message: String {
        switch self {
        case .usernameTaken(let name): "Someone already signs in as '\(name)'; choose another user name."
        case .badUsername: "A user name is 1 to 64 letters, digits, '.', '-', '_' or '@'."
        case .unknown(let name): "Nobody signs in as '\(name)'; `scriptdesk users list` shows who does."
        case .passwordTooShort(let minimum): "A password is at least \(minimum) characters long."
        case .passwordTooLong(let maximum): "A password is at most \(maximum) bytes long."
        case .centreRequired(let role): "A person in the \(role.rawValue) role belongs to one centre: name it."
        case .centreNotAllowed(let role): "A person in the \(role.rawValue) role works across every centre: name none."
        case .centreNotFound(let centre): "There is no centre \(centre.rawValue)."
        case .subjectsForTeachersOnly: "Only teachers have subjects."
        case .unknownSubject(let subject):
            "'\(subject)' is neither a component code on record nor a qualification: give a component code, such as H240/01, "
                + "or one of \(QualificationType.allCases.map(\.rawValue).joined(separator: ", "))."
        case .badName: "A name is 1 to 200 characters."
        }
    }
}

/// Why a sign-in was refused. Neither says whether the user name exists.
public enum SignInRefusal: ScriptDeskError, Sendable, Hashable {
    /// The user name and password do not match a person who may sign in.
    case failed
    /// Too many failed sign-ins to this account or from this address: try again in `retryAfter` seconds.
    case paused(retryAfter: Int)

    /// `signin.failed` or `signin.paused`.
    public var code: String {
        switch self {
        case .failed: "signin.failed"
        case .paused: "signin.paused"
        }
    }

    /// What the person is told.
    public var message: String {
        switch self {
        case .failed: "The user name or password is not right."
        case .paused(let seconds):
            seconds >= 60
                ? "Sign-in is paused after too many failed attempts; try again in \((seconds + 59) / 60) minutes, or ask operations to lift the pause."
                : "Sign-in is paused after failed attempts; try again in \(seconds) second\(seconds == 1 ? "" : "s")."
        }
    }
}

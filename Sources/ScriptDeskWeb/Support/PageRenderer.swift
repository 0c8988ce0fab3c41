import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import ScriptDeskCore
import ScriptDeskServices

/// Renders the pages from the Mustache templates shipped as the target's resources, and
/// serves the stylesheet and script under names that carry a hash of their content, so a
/// browser may keep them for a year and still never runs an old one. Every page goes out
/// with a Content-Security-Policy that allows no inline script or style and no framing.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// The static files, by the hashed name they are served under.
    let assets: [String: Asset]
    /// The hashed names of the stylesheet and the script, for the templates.
    let stylesheet: String
    let script: String

    /// A static file: its bytes and type.
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    /// Loads the templates and static files from the bundle; a missing one is a broken build.
    init() throws {
        guard let root = Bundle.module.resourcePath else { throw PortalSetupError("the portal's resources are missing") }
        var templates: [String: MustacheTemplate] = [:]
        let folder = "\(root)/Templates"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
        }
        library = MustacheLibrary(templates: templates)
        var assets: [String: Asset] = [:]
        func add(_ name: String, type: String) throws -> String {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(root)/Static/\(name)"))
            let hash = Hex.encode(SHA256.hash(data: data)).prefix(12)
            let dot = name.lastIndex(of: ".")!
            let hashed = "\(name[..<dot]).\(hash)\(name[dot...])"
            assets[hashed] = Asset(bytes: ByteBuffer(bytes: data), contentType: type)
            return "/static/\(hashed)"
        }
        stylesheet = try add("portal.css", type: "text/css; charset=utf-8")
        script = try add("portal.js", type: "text/javascript; charset=utf-8")
        self.assets = assets
    }

    /// The policy every page is sent with: its own files only, no inline script or style,
    /// no framing, forms posted only to itself.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// `template` rendered with `page` inside the layout, as a response with `status`.
    func render(_ template: String, _ page: some PageContent, status: HTTPResponse.Status = .ok) -> Response {
        let frame = Frame(page: page, layout: Layout(page: page, stylesheet: stylesheet, script: script))
        let html = library.render(frame, withTemplate: template) ?? "Template \(template) is missing."
        return Response(status: status, headers: Self.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Part of a page: `template` rendered with `page` and the layout's fields, as the page
    /// would render it, for a live update to swap in.
    func fragment(_ template: String, _ page: some PageContent) -> String {
        library.render(Frame(page: page, layout: Layout(page: page, stylesheet: stylesheet, script: script)), withTemplate: template) ?? ""
    }

    /// A page that says what went wrong and what to do, with `status`.
    func problem(status: HTTPResponse.Status, title: String, message: String, session: PortalSession?) -> Response {
        render("problem", ProblemPage(title: title, message: message, session: session), status: status)
    }

    /// The headers of every page: never cached anywhere (it may hold personal data), and the CSP.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy: contentSecurityPolicy,
    ]

    /// What the templates see: the page's own fields under `page`, the layout's under `layout`.
    /// Named by a switch rather than by `Mirror`: a template looks here from inside every
    /// table row (`layout.csrfToken`), and reflection costs a page milliseconds.
    private struct Frame: MustacheParent {
        var page: any PageContent
        var layout: Layout

        func child(named name: String) -> Any? {
            switch name {
            case "page": page
            case "layout": layout
            default: nil
            }
        }
    }
}

/// What every page gives the layout.
protocol PageContent: Sendable {
    /// The page's title, before " – ScriptDesk".
    var title: String { get }
    /// The session the page is shown in, if any.
    var session: PortalSession? { get }
}

/// The layout's fields: the title, the signed-in person and their navigation, the assets.
struct Layout {
    var title: String
    var stylesheet: String
    var script: String
    var signedIn: Bool
    var name: String
    var roleName: String
    var csrfToken: String
    var isExamsOfficer: Bool
    var followsAppeals: Bool
    var isOperations: Bool

    init(page: some PageContent, stylesheet: String, script: String) {
        title = page.title
        self.stylesheet = stylesheet
        self.script = script
        let person = page.session?.signedIn.person
        signedIn = person != nil
        name = person?.user.name ?? ""
        roleName = person.map { Layout.roleNames[$0.user.role] ?? "" } ?? ""
        csrfToken = page.session?.signedIn.csrfToken ?? ""
        isExamsOfficer = person?.user.role == .examsOfficer
        followsAppeals = person?.user.role == .examsOfficer || person?.user.role == .headOfCentre
        isOperations = person.map { !$0.user.role.isCentreRole } ?? false
    }

    static let roleNames: [Role: String] = [
        .examsOfficer: "Exams officer", .teacher: "Teacher", .headOfCentre: "Head of centre", .operations: "Operations",
        .administrator: "Administrator",
        .observer: "Observer",
    ]
}

extension Layout: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "stylesheet": stylesheet
        case "script": script
        case "signedIn": signedIn
        case "name": self.name
        case "roleName": roleName
        case "csrfToken": csrfToken
        case "isExamsOfficer": isExamsOfficer
        case "followsAppeals": followsAppeals
        case "isOperations": isOperations
        default: nil
        }
    }
}

/// A page that only says what went wrong.
struct ProblemPage: PageContent {
    var title: String
    var message: String
    var session: PortalSession?
}

/// The portal could not be set up: its resources are missing or broken.
struct PortalSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPField.Name {
    /// `Content-Security-Policy`.
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
}

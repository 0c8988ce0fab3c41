import Hummingbird
import ScriptDeskAppTestSupport
import ScriptDeskServer

extension TestEnvironment {
    /// The HTTP application over this environment's runtime, with its worker slots beside it.
    func application() throws -> some ApplicationProtocol {
        try buildApplication(runtime, services: workerServices)
    }
}

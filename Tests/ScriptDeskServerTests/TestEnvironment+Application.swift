import Hummingbird
import ScriptDeskAppTestSupport
import ScriptDeskServer

extension TestEnvironment {
    /// The HTTP application over this environment's runtime, with its worker slots beside it.
    func application(credentialsPath: String? = nil) -> some ApplicationProtocol {
        buildApplication(runtime, credentialsPath: credentialsPath, services: workerServices)
    }
}

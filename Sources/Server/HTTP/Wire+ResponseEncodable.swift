import HckCore
public import Hummingbird
import Store
import Wire

// The wire types a route returns as JSON. Hummingbird encodes them with the context's encoder
// (JSONEncoder.api), so the shape is the one Wire documents.
extension JobView: ResponseEncodable {}
extension JobList: ResponseEncodable {}
extension HeartbeatReply: ResponseEncodable {}
extension Artifact: ResponseEncodable {}
extension SecretInfo: ResponseEncodable {}
extension Assignment: ResponseEncodable {}
extension JobGroupView: ResponseEncodable {}
extension ArtifactView: ResponseEncodable {}
extension ErrorBody: ResponseEncodable {}
extension SSHKey: ResponseEncodable {}
extension AccessDecision: ResponseEncodable {}
extension ClaimState: ResponseEncodable {}
extension KeptVM: ResponseEncodable {}
extension RunnerView: ResponseEncodable {}
extension ScheduleView: ResponseEncodable {}
extension RepositoryView: ResponseEncodable {}
extension ForgeDeliveryReply: ResponseEncodable {}

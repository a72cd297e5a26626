import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Crypto
import Foundation

/// Signed bundles of the sample courts, made in memory with fixed TEST keys (never to be
/// trusted for real figures), and a trust store that trusts those keys.
package enum SampleBundles {
  package static let courts = [
    "changping", "chaoyang", "daxing", "fangshan", "fengtai", "haidian", "mentougou", "shijingshan", "tongzhou",
    "xicheng",
  ]
  package static let created = Date(timeIntervalSince1970: 1_642_204_800)  // 2022-01-15

  /// The TEST key of a court, from a seed derived from its id.
  package static func key(_ court: String) -> CourtSigningKey {
    let seed = Data(SHA256.hash(data: Data("courtfed-test-key:\(court)".utf8)))
    return try! CourtSigningKey(seed: seed, comment: court)
  }

  /// A sample court's workspace, read from bundles/workspaces.
  package static func workspace(_ folder: String) -> Workspace {
    WorkspaceLoader().load(ProjectPaths.sampleWorkspaces.appendingPathComponent(folder)).workspace!
  }

  /// A trust store trusting every sample court's test key.
  package static func trust(at url: URL = URL(fileURLWithPath: "/nonexistent/allowed_signers")) -> TrustStore {
    var store = TrustStore(emptyAt: url)
    for folder in courts { try! store.add(court: "bj-\(folder)", key: key("bj-\(folder)").publicKey) }
    return store
  }

  /// A bundle of `workspace`, following `state` (nil: the first bundle).
  package static func bundle(_ workspace: Workspace, state: ExportState? = nil, now: Date = created) -> ExportedBundle {
    BundleWriter.make(workspace, key: key(workspace.court.id), state: state, now: now)
  }

  /// Verified with the sample trust store.
  package static func verified(_ bundle: ExportedBundle) throws -> VerifiedBundle {
    let made = BundleManifest.date(fromTimestamp: bundle.manifest.created) ?? created
    return try BundleVerifier(trust: trust(), now: made.addingTimeInterval(86_400)).verify(bundle.data)
  }
}

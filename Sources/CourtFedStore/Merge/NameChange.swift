/// One of a court's names changed by a bundle: which, from what, to what.
public struct NameChange: Sendable, Equatable, Codable {
  /// `name`, `short_name`, `english_name` or `region`.
  package var field: String
  package var old: String?
  package var new: String?

  package init(field: String, old: String?, new: String?) {
    self.field = field
    self.old = old
    self.new = new
  }

  /// `short_name '海淀法院' (was '西城法院')`.
  package var description: String {
    "\(field) \(new.map { "'\($0)'" } ?? "(none)") (was \(old.map { "'\($0)'" } ?? "(none)"))"
  }
}

import Foundation
import TestSupport
import Testing

/// keygen, trust, export, verify and inspect as a court and its coordinator run them, and the
/// bundle checked with tools nobody here wrote: ssh-keygen, tar, gzip, sha256sum.
@Suite("Bundles, end to end and against standard tools", .serialized)
struct BundleCommandTests {
  /// A folder with the Xicheng sample workspace, a key, a trust store trusting it, and one
  /// exported bundle.
  struct Court {
    let root: URL
    var workspace: URL { root.appendingPathComponent("xicheng") }
    var key: URL { root.appendingPathComponent("xicheng.key") }
    var trust: URL { root.appendingPathComponent("allowed_signers") }
    var bundle: URL { root.appendingPathComponent("bj-xicheng-000001.courtfed") }

    init() throws {
      root = ProjectPaths.temporaryDirectory("bundle")
      try FileManager.default.copyItem(
        at: ProjectPaths.sampleWorkspaces.appendingPathComponent("xicheng"), to: root.appendingPathComponent("xicheng"))
      let keygen = try CommandRunner.run(["keygen", "--court", "bj-xicheng", "--out", key.path])
      #expect(keygen.exitCode == 0, "\(keygen.stderr)")
      let trusted = try CommandRunner.run(["trust", "add", "bj-xicheng", key.path + ".pub", "--trust", trust.path])
      #expect(trusted.exitCode == 0, "\(trusted.stderr)")
      let export = try CommandRunner.run(["export", workspace.path, "--key", key.path, "--out", bundle.path])
      #expect(export.exitCode == 0, "\(export.stderr)")
    }

    /// Extracts `file` (the court's first bundle unless given) with tar into a new folder.
    func extracted(_ file: URL? = nil) throws -> URL {
      let folder = root.appendingPathComponent("extracted-\(UUID().uuidString.prefix(6))")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let tar = try CommandRunner.tool("tar", ["-xf", (file ?? bundle).path], in: folder)
      #expect(tar.exitCode == 0, "\(tar.stderr)")
      return folder
    }

    /// Merges `file` into `database` with the court's trust file, in English; expects success.
    @discardableResult
    func merge(_ file: URL, into database: URL) throws -> CommandResult {
      let merged = try CommandRunner.run([
        "merge", file.path, "--db", database.path, "--trust", trust.path, "--lang", "en",
      ])
      #expect(merged.exitCode == 0, "\(merged.stdout)\(merged.stderr)")
      return merged
    }

    /// Exports what changed in the workspace to `file`, in English; expects success.
    func exportChanges(to file: URL) throws -> CommandResult {
      let export = try CommandRunner.run([
        "export", workspace.path, "--key", key.path, "--out", file.path, "--lang", "en",
      ])
      #expect(export.exitCode == 0, "\(export.stdout)\(export.stderr)")
      return export
    }
  }

  /// Python's `print(expression)`, with `c` the `courtfed` object of the manifest extracted in
  /// `folder`: the manifest as another JSON reader sees it.
  static func python(_ expression: String, onManifestIn folder: URL) throws -> CommandResult {
    try CommandRunner.tool(
      "python3",
      [
        "-c", "import json,sys; c=json.load(open(sys.argv[1]))['courtfed']; print(\(expression))",
        folder.appendingPathComponent("datapackage.json").path,
      ])
  }

  /// The data rows of a member extracted in `folder`, split into fields, read with gzip.
  static func rows(of table: String, in folder: URL) throws -> [[Substring]] {
    let text = try CommandRunner.tool("gzip", ["-dc", folder.appendingPathComponent("data/\(table).csv.gz").path])
    return text.stdout.split(separator: "\r\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
    }
  }

  @Test("keygen writes a 0600 private key and an OpenSSH public key line, and never overwrites")
  func keygen() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let mode = try FileManager.default.attributesOfItem(atPath: court.key.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let line = try String(contentsOf: URL(fileURLWithPath: court.key.path + ".pub"), encoding: .utf8)
    #expect(line.hasPrefix("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"))
    #expect(line.hasSuffix(" bj-xicheng\n"))
    // ssh-keygen reads our private key and derives the same public key.
    let derived = try CommandRunner.tool("ssh-keygen", ["-y", "-f", court.key.path])
    #expect(derived.exitCode == 0, "\(derived.stderr)")
    #expect(derived.stdout.split(separator: " ").prefix(2) == line.split(separator: " ").prefix(2))
    let again = try CommandRunner.run(["keygen", "--court", "bj-xicheng", "--out", court.key.path])
    #expect(again.exitCode == 1)
    #expect(again.stderr.contains("already exists; keys are never overwritten"))
  }

  @Test("the bundle's members list with tar, decompress with gzip, match sha256sum, verify with ssh-keygen")
  func standardTools() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let list = try CommandRunner.tool("tar", ["-tf", court.bundle.path])
    #expect(
      list.stdout.split(separator: "\n") == [
        "datapackage.json", "datapackage.json.sig", "data/measures.csv.gz", "data/branches.csv.gz",
        "data/groups.csv.gz",
        "data/group_scores.csv.gz", "data/branch_ratings.csv.gz",
      ])
    let folder = try court.extracted()
    let members = ["measures", "branches", "groups", "group_scores", "branch_ratings"].map { "data/\($0).csv.gz" }
    #expect(try CommandRunner.tool("gzip", ["-t"] + members, in: folder).exitCode == 0)

    // sha256sum -c against the hashes the manifest lists.
    let manifest = try JSONSerialization.jsonObject(
      with: Data(contentsOf: folder.appendingPathComponent("datapackage.json")))
    let resources = try #require((manifest as? [String: Any])?["resources"] as? [[String: Any]])
    let sums =
      resources.map { "\(($0["hash"] as! String).dropFirst(7))  \($0["path"] as! String)" }.joined(separator: "\n")
      + "\n"
    let check = try CommandRunner.tool("sha256sum", ["-c"], input: Data(sums.utf8), in: folder)
    #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.components(separatedBy: ": OK").count == 6)

    let verify = try CommandRunner.tool(
      "ssh-keygen",
      [
        "-Y", "verify", "-f", court.trust.path, "-r", court.trust.path + ".revoked", "-I", "bj-xicheng", "-n",
        "courtfed-bundle-v1", "-s", "datapackage.json.sig",
      ],
      input: try Data(contentsOf: folder.appendingPathComponent("datapackage.json")), in: folder)
    #expect(verify.exitCode == 0, "\(verify.stderr)")
    #expect(verify.stdout.contains("Good \"courtfed-bundle-v1\" signature for bj-xicheng with ED25519 key"))

    // ssh-keygen refuses it for another court or another namespace, as CourtFed does.
    for (principal, namespace) in [("bj-fengtai", "courtfed-bundle-v1"), ("bj-xicheng", "file")] {
      let wrong = try CommandRunner.tool(
        "ssh-keygen",
        ["-Y", "verify", "-f", court.trust.path, "-I", principal, "-n", namespace, "-s", "datapackage.json.sig"],
        input: try Data(contentsOf: folder.appendingPathComponent("datapackage.json")), in: folder)
      #expect(wrong.exitCode != 0)
    }
  }

  @Test("a manifest signed by ssh-keygen -Y sign verifies in CourtFed, and the signature is byte-identical")
  func sshKeygenSigns() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let folder = try court.extracted()
    let copy = folder.appendingPathComponent("manifest.json")
    try FileManager.default.copyItem(at: folder.appendingPathComponent("datapackage.json"), to: copy)
    let sign = try CommandRunner.tool(
      "ssh-keygen", ["-Y", "sign", "-f", court.key.path, "-n", "courtfed-bundle-v1", copy.path])
    #expect(sign.exitCode == 0, "\(sign.stderr)")
    let theirs = try Data(contentsOf: URL(fileURLWithPath: copy.path + ".sig"))
    let ours = try Data(contentsOf: folder.appendingPathComponent("datapackage.json.sig"))
    #expect(theirs == ours)
    // Rebuild the bundle with ssh-keygen's signature, with tar itself, and verify it.
    try theirs.write(to: folder.appendingPathComponent("datapackage.json.sig"))
    let rebuilt = court.root.appendingPathComponent("rebuilt.courtfed")
    let members =
      ["datapackage.json", "datapackage.json.sig"]
      + ["measures", "branches", "groups", "group_scores", "branch_ratings"].map { "data/\($0).csv.gz" }
    let tar = try CommandRunner.tool(
      "tar", ["--format=ustar", "--owner=0", "--group=0", "-cf", rebuilt.path] + members, in: folder)
    #expect(tar.exitCode == 0, "\(tar.stderr)")
    let verify = try CommandRunner.run(["verify", rebuilt.path, "--trust", court.trust.path])
    #expect(verify.exitCode == 0, "\(verify.stdout)")
  }

  @Test("a key made by ssh-keygen -t ed25519 -N '' exports and verifies")
  func sshKeygenKey() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let key = court.root.appendingPathComponent("ssh_key")
    let made = try CommandRunner.tool(
      "ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "bj-fengtai", "-f", key.path])
    #expect(made.exitCode == 0, "\(made.stderr)")
    let fengtai = court.root.appendingPathComponent("fengtai")
    try FileManager.default.copyItem(at: ProjectPaths.sampleWorkspaces.appendingPathComponent("fengtai"), to: fengtai)
    #expect(
      try CommandRunner.run(["trust", "add", "bj-fengtai", key.path + ".pub", "--trust", court.trust.path]).exitCode
        == 0)
    let out = court.root.appendingPathComponent("fengtai.courtfed")
    let export = try CommandRunner.run(["export", fengtai.path, "--key", key.path, "--out", out.path])
    #expect(export.exitCode == 0, "\(export.stderr)")
    let verify = try CommandRunner.run(["verify", out.path, court.bundle.path, "--trust", court.trust.path])
    #expect(verify.exitCode == 0, "\(verify.stdout)")
    #expect(verify.stdout.contains("2 of 2 bundles verified."))
  }

  @Test("a private key others can read is refused, as ssh refuses it")
  func keyPermissions() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: court.key.path)
    let export = try CommandRunner.run([
      "export", court.workspace.path, "--key", court.key.path, "--out",
      court.root.appendingPathComponent("x.courtfed").path, "--lang", "en",
    ])
    #expect(export.exitCode == 1)
    #expect(
      export.stderr
        == "courtfed export: permissions 0644 for \(court.key.path) are too open: a private key must be readable by its owner only (chmod 600 \(court.key.path))\n"
    )
    #expect(!FileManager.default.fileExists(atPath: court.root.appendingPathComponent("x.courtfed").path))
  }

  @Test("a correction to an old period is that period alone in the next bundle, and the store takes it")
  func delta() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let database = court.root.appendingPathComponent("city.sqlite")
    try court.merge(court.bundle, into: database)
    // Correct 2020Q2's cases closed (and the year that must agree with it) by hand.
    let measures = court.workspace.appendingPathComponent("measures.csv")
    let text = try String(contentsOf: measures, encoding: .utf8)
    let lines = text.components(separatedBy: "\r\n")
    func value(_ period: String, _ measure: String) throws -> Int {
      let line = try #require(lines.first { $0.hasPrefix("\(period),\(measure),") })
      return try #require(Int(line.split(separator: ",", omittingEmptySubsequences: false)[2]))
    }
    let quarter = try value("2020年第二季度", "结案数")
    let pending = try value("2020年第二季度", "未结案件")
    let edited = lines.map { line -> String in
      if line.hasPrefix("2020年第二季度,结案数,") { return "2020年第二季度,结案数,\(quarter - 1)," }
      if line.hasPrefix("2020年第二季度,未结案件,") {
        return "2020年第二季度,未结案件,\(pending + 1),"
      }
      return line
    }
    try Data(edited.joined(separator: "\r\n").utf8).write(to: measures)
    let second = court.root.appendingPathComponent("second.courtfed")
    _ = try court.exportChanges(to: second)
    // Read the archive with tar, gzip and Python's json, not CourtFed.
    let folder = try court.extracted(second)
    let listed = try Self.python("' '.join(c['periods'])", onManifestIn: folder)
    #expect(listed.stdout == "2020Q2\n", "\(listed.stderr)")
    #expect(Set(try Self.rows(of: "measures", in: folder).map { $0[1] }) == ["2020Q2"])
    let again = try court.merge(second, into: database)
    #expect(
      again.stdout.contains("bj-xicheng #2: 0 values new, 2 replaced, 0 removed, 28 unchanged"), "\(again.stdout)")
    // The store, read with the sqlite3 tool: the corrected quarter, the untouched quarters,
    // and the year rolled up from them again.
    let stored = try CommandRunner.tool(
      "sqlite3",
      [
        database.path,
        """
        SELECT value, bundle FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_closed'
          AND period IN ('2020Q1', '2020Q2') ORDER BY period;
        SELECT COUNT(*) FROM measure_values WHERE court = 'bj-xicheng';
        """,
      ])
    #expect(stored.stdout == "\(try value("2020年第一季度", "结案数")).0|1\n\(quarter - 1).0|2\n242\n", "\(stored.stderr)")
  }

  @Test("a corrected group score is its quarter alone in the next bundle, a quarter removed is listed empty; sqlite3")
  func scoreQuarters() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let database = court.root.appendingPathComponent("city.sqlite")
    try court.merge(court.bundle, into: database)
    // The clerk corrects g01's basic score for 2020's second quarter and deletes every score
    // of 2021's fourth quarter, in the workspace's file.
    let scores = court.workspace.appendingPathComponent("group_scores.csv")
    var lines = try String(contentsOf: scores, encoding: .utf8).components(separatedBy: "\r\n")
    let corrected = try #require(lines.firstIndex { $0.hasPrefix("g01,2020年第二季度,") })
    var fields = lines[corrected].components(separatedBy: ",")
    fields[2] = "88"
    lines[corrected] = fields.joined(separator: ",")
    lines.removeAll { $0.contains(",2021年第四季度,") }
    try Data(lines.joined(separator: "\r\n").utf8).write(to: scores)
    // What the store must hold afterwards, counted from the file: rows per quarter.
    let quarterNames = ["第一季度": "Q1", "第二季度": "Q2", "第三季度": "Q3", "第四季度": "Q4"]
    var perQuarter: [String: Int] = [:]
    for line in lines.dropFirst() where !line.isEmpty {
      let period = line.components(separatedBy: ",")[1]
      let year = period.prefix(4)
      let quarter = try #require(quarterNames[String(period.dropFirst(5))], "\(period)")
      perQuarter["\(year)\(quarter)", default: 0] += 1
    }
    #expect(perQuarter["2021Q4"] == nil && (perQuarter["2020Q2"] ?? 0) > 1)

    let second = court.root.appendingPathComponent("second.courtfed")
    let export = try court.exportChanges(to: second)
    #expect(export.stdout.contains("  score quarters  2020Q2, 2021Q4\n"), "\(export.stdout)")
    // Read the archive with tar, gzip and Python's json, not CourtFed.
    let folder = try court.extracted(second)
    let listed = try Self.python("c['periods'], c['score_quarters'], c['format_version']", onManifestIn: folder)
    #expect(listed.stdout == "[] ['2020Q2', '2021Q4'] 2\n", "\(listed.stderr)")
    let carried = try Self.rows(of: "group_scores", in: folder).map { $0[2] }
    #expect(Set(carried) == ["2020Q2"] && carried.count == perQuarter["2020Q2"])

    try court.merge(second, into: database)
    let stored = try CommandRunner.tool(
      "sqlite3",
      [
        database.path,
        """
        SELECT period, bundle, COUNT(*) FROM group_scores GROUP BY period, bundle ORDER BY period, bundle;
        SELECT basic FROM group_scores WHERE group_id = 'g01' AND period = '2020Q2';
        """,
      ])
    let expected =
      perQuarter.sorted { $0.key < $1.key }.map { "\($0.key)|\($0.key == "2020Q2" ? 2 : 1)|\($0.value)\n" }.joined()
      + "88.0\n"
    #expect(stored.stdout == expected, "\(stored.stderr)")
  }

  @Test("export is reproducible, takes the next sequence after a change, and refuses a workspace with errors")
  func sequence() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let same = court.root.appendingPathComponent("same.courtfed")
    // Nothing changed: said in the user's language, nothing written, not a failure.
    let nothing = try CommandRunner.run(["export", court.workspace.path, "--key", court.key.path, "--out", same.path])
    #expect(nothing.exitCode == 0)
    #expect(
      nothing.stdout
        == "自第1号数据包以来,西城法院(bj-xicheng)的数据没有变化:无需导出,未写入任何文件。如需完整快照,请用 `export --all`。\n")
    #expect(!FileManager.default.fileExists(atPath: same.path))
    let nothingEn = try CommandRunner.run([
      "export", court.workspace.path, "--key", court.key.path, "--out", same.path, "--lang", "en",
    ])
    #expect(
      nothingEn.stdout
        == "Nothing changed since bundle 1 of 西城法院 (bj-xicheng): nothing to export, nothing written. `export --all` writes a full snapshot.\n"
    )
    // --all repeats the last full snapshot byte for byte.
    let again = try CommandRunner.run([
      "export", court.workspace.path, "--key", court.key.path, "--out", same.path, "--all", "--lang", "en",
    ])
    #expect(again.stdout.hasPrefix("No change since bundle 1 of 西城法院 (bj-xicheng); wrote it again, unchanged."))
    #expect(try Data(contentsOf: same) == Data(contentsOf: court.bundle))

    let measures = court.workspace.appendingPathComponent("measures.csv")
    var text = try String(contentsOf: measures, encoding: .utf8)
    text = text.replacingOccurrences(of: "2021年第四季度,化解信访,", with: "2021年第四季度,化解信访,1")
    try Data(text.utf8).write(to: measures)
    let second = court.root.appendingPathComponent("second.courtfed")
    let changed = try CommandRunner.run([
      "export", court.workspace.path, "--key", court.key.path, "--out", second.path, "--lang", "en",
    ])
    #expect(
      changed.stdout.hasPrefix(
        "Exported bundle 2 of 西城法院 (bj-xicheng): the periods changed since bundle 1.\n  periods         2021Q4\n"))
    let inspect = try CommandRunner.run(["inspect", second.path])
    let first = try CommandRunner.run(["inspect", court.bundle.path])
    let firstHash = first.stdout.split(separator: "\n").first { $0.hasPrefix("manifest") }!.split(separator: " ").last!
    #expect(inspect.stdout.contains("2, previous manifest \(firstHash)"))
    #expect(inspect.stdout.hasPrefix("NOT VERIFIED: inspect consults no trust store"))

    try Data((text + "2021年第四季度,结按数,5,\r\n").utf8).write(to: measures)
    let refused = try CommandRunner.run([
      "export", court.workspace.path, "--key", court.key.path, "--out",
      court.root.appendingPathComponent("x.courtfed").path, "--lang", "en",
    ])
    #expect(refused.exitCode == 1)
    #expect(refused.stderr.contains("measures.csv:244:11: error: unknown measure '结按数'"))
    #expect(
      refused.stderr.hasSuffix(
        "courtfed export: the workspace has 1 error; nothing was exported (fix them; `courtfed validate` lists them)\n")
    )
  }

  @Test("verify: one line per bundle, exit 1 if any fails, and nothing written")
  func verifyLines() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    var tampered = try Data(contentsOf: court.bundle)
    tampered[700] ^= 0x01
    let bad = court.root.appendingPathComponent("tampered.courtfed")
    try tampered.write(to: bad)
    func snapshot() throws -> [String: Data] {
      var files: [String: Data] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: court.root.path) {
        let url = court.root.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
          files[name] = try Data(contentsOf: url)
        }
      }
      return files
    }
    let before = try snapshot()
    let result = try CommandRunner.run(["verify", court.root.path, "--trust", court.trust.path])
    #expect(result.exitCode == 1)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(
      lines[0].hasPrefix(
        "OK    \(court.bundle.path)  bj-xicheng #1, 2020–2021Q4 (10 periods), 317 rows, signed by SHA256:"))
    #expect(
      lines[1] == "FAIL  \(bad.path)  the signature does not match the manifest: the bundle was changed after signing")
    #expect(lines[2] == "1 of 2 bundles verified.")
    #expect(try snapshot() == before)
  }

  @Test("trust: list, revoke, and a revoked key's bundles fail, in CourtFed and in ssh-keygen")
  func trust() throws {
    let court = try Court()
    defer { try? FileManager.default.removeItem(at: court.root) }
    let list = try CommandRunner.run(["trust", "list", "--trust", court.trust.path])
    #expect(list.stdout.contains("bj-xicheng  SHA256:"))
    #expect(list.stdout.contains("always  trusted"))
    let twice = try CommandRunner.run([
      "trust", "add", "bj-fengtai", court.key.path + ".pub", "--trust", court.trust.path,
    ])
    #expect(twice.exitCode == 1)
    #expect(twice.stderr.contains("is already trusted for bj-xicheng; a key signs for one court only"))
    let revoke = try CommandRunner.run(["trust", "revoke", "bj-xicheng", "--trust", court.trust.path])
    #expect(revoke.exitCode == 0)
    let verify = try CommandRunner.run(["verify", court.bundle.path, "--trust", court.trust.path])
    #expect(verify.exitCode == 1)
    #expect(verify.stdout.contains("has been revoked"))
    let folder = try court.extracted()
    let ssh = try CommandRunner.tool(
      "ssh-keygen",
      [
        "-Y", "verify", "-f", court.trust.path, "-r", court.trust.path + ".revoked", "-I", "bj-xicheng", "-n",
        "courtfed-bundle-v1", "-s", "datapackage.json.sig",
      ],
      input: try Data(contentsOf: folder.appendingPathComponent("datapackage.json")), in: folder)
    #expect(ssh.exitCode != 0)
  }
}

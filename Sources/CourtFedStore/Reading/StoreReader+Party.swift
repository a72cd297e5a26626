import CourtFedModel
import GRDB
import GRDBSQLite

extension StoreReader {
  /// The newest quarter before `cutoff` with group scores (group scores are quarters, whose
  /// canonical texts sort in time order).
  package func newestScoredQuarter(before cutoff: Period) throws(StoreError) -> Period? {
    try read { db in
      try String.fetchOne(
        db, sql: "SELECT MAX(period) FROM group_scores WHERE period < ?", arguments: [cutoff.description]
      ).flatMap { Period(canonical: $0) }
    }
  }

  /// The newest year before `year` with branch ratings.
  package func newestRatedYear(before year: Int) throws(StoreError) -> Int? {
    try read { db in try Int.fetchOne(db, sql: "SELECT MAX(year) FROM branch_ratings WHERE year < ?", arguments: [year])
    }
  }

  /// Every group's score (basic + bonus − deduction parts) for `quarter`, from the index alone.
  /// Every stored score has its group and the group its branch: a bundle's party tables are
  /// checked together (a score names a group of the same bundle, a group a branch) and a
  /// merge replaces a court's tables from one bundle, so no join is needed to keep a score
  /// without its group out (joining cost a nation's 31,500 scores 35 ms). Names are read for
  /// the rows shown only (`groupNames`).
  package func groupScores(in quarter: Period) throws(StoreError) -> [GroupScoreRecord] {
    try read { db in
      var scores: [GroupScoreRecord] = []
      // Stepped through SQLite's C API (a nation's quarter is 31,500 rows): the index gives the
      // rows court by court, and each run of a court shares one string.
      let statement = try db.cachedStatement(
        sql: "SELECT court, group_id, basic, bonus, deduction, bundle FROM group_scores WHERE period = ?")
      var court = ""
      try eachRow(of: statement, in: db, binding: [quarter.description]) { handle in
        let courtBytes = columnText(handle, 0)
        if !spells(court, courtBytes) { court = String(decoding: courtBytes, as: UTF8.self) }
        scores.append(
          GroupScoreRecord(
            court: court, group: String(decoding: columnText(handle, 1), as: UTF8.self),
            basic: sqlite3_column_double(handle, 2), bonus: sqlite3_column_double(handle, 3),
            deduction: sqlite3_column_double(handle, 4), bundle: sqlite3_column_int64(handle, 5)))
      }
      return scores
    }
  }

  /// The group's and its branch's names for each (court, group) asked, by the same pair.
  package func groupNames(_ groups: [(court: String, group: String)]) throws(StoreError)
    -> [String: [String: GroupNamesRecord]]
  {
    try read { db in
      var names: [String: [String: GroupNamesRecord]] = [:]
      let statement = try db.cachedStatement(
        sql: """
          SELECT g.name, b.name FROM party_groups g JOIN branches b ON b.court = g.court AND b.id = g.branch
          WHERE g.court = ? AND g.id = ?
          """)
      for (court, group) in groups {
        guard let row = try Row.fetchOne(statement, arguments: [court, group]) else { continue }
        names[court, default: [:]][group] = GroupNamesRecord(groupName: row[0], branchName: row[1])
      }
      return names
    }
  }

  /// How many party groups each court has stored.
  package func groupCounts() throws(StoreError) -> [String: Int] {
    try read { db in
      var counts: [String: Int] = [:]
      let cursor = try Row.fetchCursor(db, sql: "SELECT court, COUNT(*) FROM party_groups GROUP BY court")
      while let row = try cursor.next() { counts[row[0]] = row[1] }
      return counts
    }
  }

  /// The party groups of the given courts, by court and id.
  package func groups(of courts: [String]) throws(StoreError) -> [GroupRecord] {
    try read { db in
      let statement = try db.cachedStatement(
        sql: "SELECT court, id, name FROM party_groups WHERE court = ? ORDER BY id")
      return try courts.sorted().flatMap { court in
        try Row.fetchAll(statement, arguments: [court]).map { GroupRecord(court: $0[0], id: $0[1], name: $0[2]) }
      }
    }
  }

  /// Every branch rating of `year`, with the branch's details.
  package func branchRatings(in year: Int) throws(StoreError) -> [BranchRatingRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT r.court, r.branch, b.name, b.brand, b.secretary, b.members, r.stars, r.bundle
          FROM branch_ratings r JOIN branches b ON b.court = r.court AND b.id = r.branch
          WHERE r.year = ?
          ORDER BY r.court, r.branch
          """, arguments: [year]
      ).map { row in
        BranchRatingRecord(
          court: row[0], branch: row[1], name: row[2], brand: row[3], secretary: row[4], members: row[5],
          stars: row[6], bundle: row[7])
      }
    }
  }

  /// Branches, groups and members per court that sent any party rows.
  package func partyCounts() throws(StoreError) -> [PartyCountRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.id,
                 (SELECT COUNT(*) FROM branches b WHERE b.court = c.id),
                 (SELECT COUNT(*) FROM party_groups g WHERE g.court = c.id),
                 (SELECT COALESCE(SUM(members), 0) FROM branches b WHERE b.court = c.id),
                 (SELECT GROUP_CONCAT(DISTINCT bundle) FROM
                    (SELECT bundle FROM branches b WHERE b.court = c.id
                     UNION SELECT bundle FROM party_groups g WHERE g.court = c.id))
          FROM courts c ORDER BY c.id
          """
      ).map { row in
        PartyCountRecord(
          court: row[0], branches: row[1], groups: row[2], members: row[3],
          bundles: ((row[4] as String?) ?? "").split(separator: ",").compactMap { Int64($0) })
      }
    }
  }

  /// Every canonical period stored for any measure, with how many courts reported it.
  package func reportedPeriods() throws(StoreError) -> [(period: Period, courts: Int)] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT period, COUNT(DISTINCT court) FROM measure_values GROUP BY period")
        .compactMap { row in Period(canonical: row[0] as String).map { ($0, row[1]) } }
        .sorted { $0.period < $1.period }
    }
  }
}

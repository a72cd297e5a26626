import CourtFedModel
import GRDB

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

  /// Every group's score (basic + bonus − deduction parts) for `quarter`, with the group's and
  /// its branch's names.
  package func groupScores(in quarter: Period) throws(StoreError) -> [GroupScoreRecord] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT s.court, s.group_id, g.name, b.name, s.basic, s.bonus, s.deduction, s.bundle
          FROM group_scores s
          JOIN party_groups g ON g.court = s.court AND g.id = s.group_id
          JOIN branches b ON b.court = g.court AND b.id = g.branch
          WHERE s.period = ?
          """, arguments: [quarter.description]
      ).map { row in
        GroupScoreRecord(
          court: row[0], group: row[1], groupName: row[2], branchName: row[3], basic: row[4], bonus: row[5],
          deduction: row[6], bundle: row[7])
      }
    }
  }

  /// Every party group of every court.
  package func groups() throws(StoreError) -> [GroupRecord] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT court, id, name FROM party_groups ORDER BY court, id").map {
        GroupRecord(court: $0[0], id: $0[1], name: $0[2])
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

// Converts one year's SSDA903 return (the DfE looked-after children CSV tables) into the
// placement service's ingest records, and its Missing table into safeguarding records.
//
//   ImportOptions options;
//   options.authority = "869";
//   options.year = 2016;  // the 2016-17 return, which ends on 31 March 2017
//   SCORECARD_ASSIGN_OR_RETURN(ImportResult result, ImportFolder("/data/903/2016-17", options));
//   if (result.outcome == ImportOutcome::kNothingImported) ...  // result.report says why
//   for (const placement::v1::PlacementRecord& record : result.placement) ...
//   // result.report: every problem (table, line, column, child, reason), then every row
//   // left out because its child was rejected.
//
// Source keys (system "ssda903") are built from the return's own identifiers, never from
// a row number, so loading several years one after another never duplicates a child or an
// episode: a later return that restates a record (an episode now with its DEC) sends the
// same key with new content, which the service stores as a new version. Only the yearly
// outcomes carry the collection year, since each year's are a record of their own.
//   LookedAfterChild     CHILD
//   UascPeriod           CHILD                  (the return gives no start date)
//   Episode              CHILD/DECOM            e.g. "C1001/2016-05-03"
//   LacReview            CHILD/REVIEW
//   AdoptionMilestones   CHILD
//   PreviousPermanence   CHILD
//   Oc2Outcomes          CHILD/YEAR             e.g. "C1001/2016" for 2016-17
//   CareLeaverOutcome    CHILD/YEAR
//   SocialWorkerEpisode  CHILD/SW_DECOM         unknown parts as ZZ: "C1001/2023-ZZ-ZZ"
//   MissingEpisode       CHILD/MIS_START        (safeguarding)
//
// Consistency: a child is imported whole or not at all. A child with any problem in any
// table has all of its rows held back (and listed in the report), so the services never
// see half a child's history. With `strict`, any problem holds back the whole return. A
// fatal problem (a table that cannot be read: a missing required column, a missing Header
// or Episodes table, malformed CSV) always holds back the whole return.
//
// Not imported, by design (see README.md): DoLo (new in 2026-27, after the layouts this
// importer knows); its rows are counted. Every other table becomes records.
#ifndef SCORECARD_TOOLS_SSDA903_SSDA903_IMPORT_H_
#define SCORECARD_TOOLS_SSDA903_SSDA903_IMPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "tools/ssda903/ssda903_tables.h"

namespace scorecard::ssda903 {

inline constexpr absl::string_view kSourceSystem = "ssda903";
// The collection years whose layouts this importer knows: 2016-17 to 2025-26.
inline constexpr int kFirstYear = 2016;
inline constexpr int kLastYear = 2025;

struct ImportOptions {
  // DfE local authority code, three digits ("869").
  std::string authority;
  // The collection year, named by the year it starts in: 2016 is 1 April 2016 to
  // 31 March 2017. Dates after its end are problems.
  int year = 0;
  // Any problem holds back everything.
  bool strict = false;
};

// INVALID_ARGUMENT naming the bad option.
[[nodiscard]] absl::Status ValidateImportOptions(const ImportOptions& options);

// One CSV file of the return.
struct InputFile {
  // The file's name (e.g. "episodes.csv"): it can decide the table, and messages use it.
  std::string name;
  std::string text;
};

// One line of the report: a problem, or a row left out because its child was rejected.
struct ReportEntry {
  // The DfE table name ("Episodes"); empty for a problem with the return as a whole.
  std::string table;
  // The line in the table's file (1 is the header row); 0 for a whole file.
  int line = 0;
  // The 903 column ("DECOM"); empty when no one column is at fault.
  std::string column;
  // CHILD, when known.
  std::string child;
  std::string reason;
  // True for a problem that holds back the whole return.
  bool fatal = false;
  // False for a row only left out because its child was rejected.
  bool is_problem = true;
};

enum class ImportOutcome {
  // No problem: every row of every imported table became a record.
  kComplete,
  // Problems were found (see the report): the children they touch were held back whole,
  // every other child was imported.
  kPartial,
  // Nothing was imported: a fatal problem, or `strict` and any problem.
  kNothingImported,
};

// A file the importer read, and what it took it for.
struct FileUse {
  std::string file;
  // Unset when the file was not recognised (a problem is reported).
  std::optional<Table> table;
  bool by_header = false;
  // Data rows (the header row not counted).
  int rows = 0;
};

struct ImportStats {
  std::vector<FileUse> files;
  // Rows of tables that are read but not imported (DoLo).
  int rows_not_imported_by_design = 0;
  // Distinct CHILD values seen in imported tables.
  int children = 0;
  int children_imported = 0;
  int children_rejected = 0;
  // Number of entries in the report that are problems (the rest are rows left out).
  int problems = 0;
  absl::Duration elapsed;
};

struct ImportResult {
  ImportOutcome outcome = ImportOutcome::kComplete;
  // Per child (ordered by CHILD): the child, its UASC period, episodes by DECOM, reviews
  // by date, adoption milestones, previous permanence, OC2 and OC3 outcomes, and social
  // worker episodes.
  std::vector<placement::v1::PlacementRecord> placement;
  // The Missing table's episodes, per child and by MIS_START.
  std::vector<safeguarding::v1::SafeguardingRecord> safeguarding;
  // Fatal problems first, then by table (in DfE order) and line.
  std::vector<ReportEntry> report;
  ImportStats stats;
};

// Converts the files of one return. Data problems go to the report; an error status means
// the options were bad (nothing was read).
[[nodiscard]] absl::StatusOr<ImportResult> ImportReturn(absl::Span<const InputFile> files,
                                                        const ImportOptions& options);

// The return's files in `folder`: every regular file ending in ".csv" (any case) whose
// name does not start with '.', ordered by name. NOT_FOUND when the folder cannot be read
// or holds no such file.
[[nodiscard]] absl::StatusOr<std::vector<InputFile>> ReadReturnFolder(const std::string& folder);

// ReadReturnFolder, then ImportReturn.
[[nodiscard]] absl::StatusOr<ImportResult> ImportFolder(const std::string& folder,
                                                        const ImportOptions& options);

}  // namespace scorecard::ssda903

#endif  // SCORECARD_TOOLS_SSDA903_SSDA903_IMPORT_H_

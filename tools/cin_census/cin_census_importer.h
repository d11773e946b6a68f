// Imports a DfE children in need (CIN) census XML file as safeguarding records.
//
// In memory, e.g. for `scorecardctl import cin-census` to send over gRPC:
//
//   CinCensusOptions options;
//   options.authority = "869";
//   absl::StatusOr<CinCensusImport> imported = ImportCinCensusFile("cin_2017.xml", options);
//   if (!imported.ok()) return imported.status();     // e.g. not well-formed, unknown Year
//   for (const ImportProblem& p : imported->problems) std::cerr << FormatProblem(p) << "\n";
//   if (imported->summary.records_withheld) return 1;  // --strict and a child was rejected
//   Send(imported->records);
//
// Streaming, with memory bounded per child (what the cin_census_import tool does):
//
//   CinCensusCallbacks callbacks;
//   callbacks.on_records = [&](absl::Span<const v1::SafeguardingRecord> records) {
//     return writer.Append(records);
//   };
//   callbacks.on_problem = [&](const ImportProblem& p) { report.Add(p); };
//   absl::StatusOr<CinCensusSummary> summary = StreamCinCensusFile(path, options, callbacks);
//
// File-level faults end the import with an error status and no records: XML that is not
// well-formed (with line and column), a root other than <Message>, a missing or unsupported
// Header/CollectionDetails/Year (2017..2026, i.e. 2016-17..2025-26), a Collection other
// than CIN, a ReferenceDate other than 31 March of the Year, and a Header/Source/LEA other
// than the authority being imported. Everything else is judged child by child (see
// census_child_mapper.h): a rejected child is reported and its records are left out; in
// strict mode any rejected child withholds every record.
#ifndef SCORECARD_TOOLS_CIN_CENSUS_CIN_CENSUS_IMPORTER_H_
#define SCORECARD_TOOLS_CIN_CENSUS_CIN_CENSUS_IMPORTER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::cin_census {

// Census years by their Year element (the calendar year the census ends in).
inline constexpr int kFirstCensusYear = 2017;  // 2016-17
inline constexpr int kLastCensusYear = 2026;   // 2025-26

struct CinCensusOptions {
  // DfE local authority code for every record, three digits, e.g. "869".
  std::string authority;
  // Any rejected child withholds every record.
  bool strict = false;
};

// One reason a child was rejected.
struct ImportProblem {
  std::string child_id;  // LAchildID, empty when it is missing
  int line = 0;          // where the child's <Child> starts
  std::string element;   // e.g. "CINdetails[0]/Assessments[0]/AssessmentAuthorisationDate"
  std::string reason;    // e.g. "2017-02-01 is before AssessmentActualStartDate 2017-02-03 ..."
};

// "child 12345: CINdetails[0]/Assessments[0]/AssessmentAuthorisationDate: 2017-02-01 is
// before AssessmentActualStartDate 2017-02-03 (rule 8608)".
std::string FormatProblem(const ImportProblem& problem);

struct CinCensusSummary {
  int census_year = 0;         // Year element, e.g. 2017 for 2016-17
  std::string reference_date;  // ReferenceDate as given, "" when absent
  int64_t children_read = 0;
  int64_t children_valid = 0;
  int64_t children_rejected = 0;
  // Children and records handed over (0 when withheld).
  int64_t children_imported = 0;
  int64_t records_imported = 0;
  int64_t problems = 0;
  // Strict mode and at least one child rejected: no records were handed over.
  bool records_withheld = false;
};

struct CinCensusCallbacks {
  // Each accepted child's records, in file order. A non-OK status ends the import with it.
  // In strict mode it is not called after the first rejected child, and whatever it was
  // given before must be thrown away when the summary says records_withheld (the tool
  // writes to a temporary file, which it then deletes).
  std::function<absl::Status(absl::Span<const safeguarding::v1::SafeguardingRecord>)> on_records;
  // Each problem of each rejected child, in file order.
  std::function<void(const ImportProblem&)> on_problem;
  // Bytes consumed so far, and the input's size (0 when unknown, e.g. a pipe).
  std::function<void(uint64_t bytes_read, uint64_t total_bytes)> on_progress;
};

// Streams the census at `path` ("-" reads standard input).
[[nodiscard]] absl::StatusOr<CinCensusSummary> StreamCinCensusFile(
    const std::string& path, const CinCensusOptions& options, const CinCensusCallbacks& callbacks);
// The same for a census already in memory.
[[nodiscard]] absl::StatusOr<CinCensusSummary> StreamCinCensusXml(
    absl::string_view xml, const CinCensusOptions& options, const CinCensusCallbacks& callbacks);

struct CinCensusImport {
  CinCensusSummary summary;
  // Every accepted child's records in file order; empty when withheld.
  std::vector<safeguarding::v1::SafeguardingRecord> records;
  std::vector<ImportProblem> problems;
};

[[nodiscard]] absl::StatusOr<CinCensusImport> ImportCinCensusFile(const std::string& path,
                                                                  const CinCensusOptions& options);
[[nodiscard]] absl::StatusOr<CinCensusImport> ImportCinCensusXml(absl::string_view xml,
                                                                 const CinCensusOptions& options);

}  // namespace scorecard::cin_census

#endif  // SCORECARD_TOOLS_CIN_CENSUS_CIN_CENSUS_IMPORTER_H_

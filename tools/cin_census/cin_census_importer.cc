#include "tools/cin_census/cin_census_importer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/records/record_validator.h"
#include "common/status/status_macros.h"
#include "common/time/civil_date.h"
#include "tools/cin_census/census_child_mapper.h"
#include "tools/cin_census/census_xml_reader.h"

namespace scorecard::cin_census {
namespace {

namespace v1 = ::scorecard::safeguarding::v1;

// Big enough that read() and expat calls cost nothing; small enough for a smooth progress bar.
constexpr size_t kChunkBytes = size_t{1} << 20;

std::string Quoted(absl::string_view text) {
  constexpr size_t kMaxShown = 32;
  return absl::StrCat("\"", text.substr(0, kMaxShown), text.size() > kMaxShown ? "..." : "", "\"");
}

// One import: header checks, per-child mapping, duplicate detection and the tallies.
class Importer {
 public:
  Importer(const CinCensusOptions& options, const CinCensusCallbacks& callbacks)
      : options_(options),
        callbacks_(callbacks),
        reader_([this](const CensusHeader& header) { return CheckHeader(header); },
                [this](CensusChild child) { return TakeChild(std::move(child)); }) {}

  absl::Status Start() { return ValidateAuthorityCode("authority", options_.authority); }

  absl::Status Feed(absl::string_view bytes, bool last) { return reader_.Feed(bytes, last); }

  CinCensusSummary Finish() {
    if (options_.strict && summary_.children_rejected > 0) {
      summary_.records_withheld = true;
      summary_.children_imported = 0;
      summary_.records_imported = 0;
    }
    return summary_;
  }

 private:
  absl::Status CheckHeader(const CensusHeader& header) {
    constexpr absl::string_view kDetails = "Header/CollectionDetails/";
    for (const auto& [name, value] :
         {std::pair<absl::string_view, const CensusValue*>{"Collection", &header.collection},
          {"Year", &header.year},
          {"ReferenceDate", &header.reference_date}}) {
      if (value->count > 1) {
        return absl::InvalidArgumentError(
            absl::StrCat(kDetails, name, " appears ", value->count, " times; expected once"));
      }
    }
    if (header.collection.present() && header.collection.text != "CIN") {
      return absl::InvalidArgumentError(absl::StrCat(kDetails, "Collection ",
                                                     Quoted(header.collection.text),
                                                     " is not CIN: not a CIN census file"));
    }
    const std::string supported = absl::StrCat(
        "supported: ", kFirstCensusYear, " (", kFirstCensusYear - 1, "-", kFirstCensusYear % 100,
        ") to ", kLastCensusYear, " (", kLastCensusYear - 1, "-", kLastCensusYear % 100, ")");
    if (header.year.text.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(kDetails, "Year is missing, so the census year is unknown; ", supported));
    }
    int year = 0;
    if (!absl::SimpleAtoi(header.year.text, &year) || year < kFirstCensusYear ||
        year > kLastCensusYear) {
      return absl::InvalidArgumentError(absl::StrCat(kDetails, "Year ", Quoted(header.year.text),
                                                     " is not a supported CIN census year; ",
                                                     supported));
    }
    summary_.census_year = year;
    summary_.reference_date = header.reference_date.text;
    if (!header.reference_date.text.empty()) {
      // The census year ends on its ReferenceDate, 31 March (DfE rule 100).
      const Date expected(year, 3, 31);
      absl::StatusOr<Date> given = ParseIsoDate(header.reference_date.text);
      if (!given.ok() || *given != expected) {
        return absl::InvalidArgumentError(
            absl::StrCat(kDetails, "ReferenceDate ", Quoted(header.reference_date.text),
                         " is not 31 March of Year ", year, " (expected ", FormatIsoDate(expected),
                         "; rule 100)"));
      }
    }
    for (const std::string& lea : header.leas) {
      if (!lea.empty() && lea != options_.authority) {
        return absl::InvalidArgumentError(absl::StrCat(
            "Header/Source/LEA ", Quoted(lea), " does not match the authority being imported (",
            options_.authority, "): is this another authority's census?"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status TakeChild(CensusChild child) {
    ++summary_.children_read;
    MappedChild mapped = MapCensusChild(child, options_.authority);
    if (!mapped.child_id.empty()) {
      // The same LAchildID twice would send two children's records under one set of keys.
      const auto [first, inserted] = first_line_.try_emplace(mapped.child_id, child.line);
      if (!inserted) {
        mapped.problems.push_back(
            {"ChildIdentifiers/LAchildID", absl::StrCat("repeats the child at line ", first->second,
                                                        "; each child may appear once")});
        mapped.records.clear();
      }
    }
    if (!mapped.ok()) {
      ++summary_.children_rejected;
      for (ChildProblem& problem : mapped.problems) {
        ++summary_.problems;
        if (callbacks_.on_problem) {
          callbacks_.on_problem(ImportProblem{
              mapped.child_id, child.line, std::move(problem.element), std::move(problem.reason)});
        }
      }
      return absl::OkStatus();
    }
    ++summary_.children_valid;
    // In strict mode nothing more is handed over once a child is rejected.
    if (options_.strict && summary_.children_rejected > 0) return absl::OkStatus();
    ++summary_.children_imported;
    summary_.records_imported += static_cast<int64_t>(mapped.records.size());
    if (callbacks_.on_records) return callbacks_.on_records(mapped.records);
    return absl::OkStatus();
  }

  const CinCensusOptions& options_;
  const CinCensusCallbacks& callbacks_;
  CensusXmlReader reader_;
  CinCensusSummary summary_;
  absl::flat_hash_map<std::string, int> first_line_;  // LAchildID -> line of its <Child>
};

absl::Status ErrnoError(absl::string_view what, absl::string_view path, int error) {
  const std::string message = absl::StrCat(what, " ", path, ": ", std::strerror(error));
  return error == ENOENT ? absl::NotFoundError(message) : absl::UnavailableError(message);
}

// Reads `fd` to the end in chunks, feeding the importer.
absl::Status FeedFromFd(int fd, absl::string_view name, Importer& importer,
                        const CinCensusCallbacks& callbacks) {
  struct stat info {};
  const uint64_t total =
      ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) ? static_cast<uint64_t>(info.st_size) : 0;
  std::string buffer(kChunkBytes, '\0');
  uint64_t done = 0;
  while (true) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot read", name, errno);
    }
    if (n == 0) break;
    done += static_cast<uint64_t>(n);
    SCORECARD_RETURN_IF_ERROR(
        importer.Feed(absl::string_view(buffer.data(), static_cast<size_t>(n)), false));
    if (callbacks.on_progress) callbacks.on_progress(done, total);
  }
  return importer.Feed("", /*last=*/true);
}

}  // namespace

std::string FormatProblem(const ImportProblem& problem) {
  std::string out = problem.child_id.empty() ? absl::StrCat("child at line ", problem.line, ": ")
                                             : absl::StrCat("child ", problem.child_id, ": ");
  if (!problem.element.empty()) absl::StrAppend(&out, problem.element, ": ");
  absl::StrAppend(&out, problem.reason);
  return out;
}

absl::StatusOr<CinCensusSummary> StreamCinCensusFile(const std::string& path,
                                                     const CinCensusOptions& options,
                                                     const CinCensusCallbacks& callbacks) {
  Importer importer(options, callbacks);
  SCORECARD_RETURN_IF_ERROR(importer.Start());
  if (path == "-") {
    SCORECARD_RETURN_IF_ERROR(FeedFromFd(STDIN_FILENO, "<stdin>", importer, callbacks));
    return importer.Finish();
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open", path, errno);
  const absl::Status fed = FeedFromFd(fd, path, importer, callbacks);
  ::close(fd);
  SCORECARD_RETURN_IF_ERROR(fed);
  return importer.Finish();
}

absl::StatusOr<CinCensusSummary> StreamCinCensusXml(absl::string_view xml,
                                                    const CinCensusOptions& options,
                                                    const CinCensusCallbacks& callbacks) {
  Importer importer(options, callbacks);
  SCORECARD_RETURN_IF_ERROR(importer.Start());
  for (size_t at = 0; at < xml.size(); at += kChunkBytes) {
    SCORECARD_RETURN_IF_ERROR(importer.Feed(xml.substr(at, kChunkBytes), false));
    if (callbacks.on_progress) {
      callbacks.on_progress(std::min<uint64_t>(at + kChunkBytes, xml.size()), xml.size());
    }
  }
  SCORECARD_RETURN_IF_ERROR(importer.Feed("", /*last=*/true));
  return importer.Finish();
}

namespace {

// Collects the streamed results in memory.
template <typename StreamFn>
absl::StatusOr<CinCensusImport> Collect(StreamFn stream) {
  CinCensusImport result;
  CinCensusCallbacks callbacks;
  callbacks.on_records = [&](absl::Span<const v1::SafeguardingRecord> records) {
    result.records.insert(result.records.end(), records.begin(), records.end());
    return absl::OkStatus();
  };
  callbacks.on_problem = [&](const ImportProblem& problem) { result.problems.push_back(problem); };
  SCORECARD_ASSIGN_OR_RETURN(result.summary, stream(callbacks));
  if (result.summary.records_withheld) result.records.clear();
  return result;
}

}  // namespace

absl::StatusOr<CinCensusImport> ImportCinCensusFile(const std::string& path,
                                                    const CinCensusOptions& options) {
  return Collect([&](const CinCensusCallbacks& callbacks) {
    return StreamCinCensusFile(path, options, callbacks);
  });
}

absl::StatusOr<CinCensusImport> ImportCinCensusXml(absl::string_view xml,
                                                   const CinCensusOptions& options) {
  return Collect([&](const CinCensusCallbacks& callbacks) {
    return StreamCinCensusXml(xml, options, callbacks);
  });
}

}  // namespace scorecard::cin_census

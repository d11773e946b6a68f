// Reads a DfE children's social work workforce census XML file, streaming, with expat.
//
//   std::ifstream in("csww_2016.xml", std::ios::binary);
//   CensusInput input = ReadCensusXml(in, "csww_2016.xml");
//   if (!input.problems.empty()) ...  // e.g. csww_2016.xml:14: XML: mismatched tag (column 5)
//
// Read: Message/Header/CollectionDetails/{ReferenceDate, Year}, Message/Header/Source/LEA,
// Message/LALevelVacancies/NumberOfVacancies, and in each Message/CSWWWorker the fields of
// kReadWorkerFields. Every other element is skipped without being kept. Namespace prefixes
// are ignored. A field given twice in one worker, or a root element other than Message, is
// a problem; a file that is not well-formed XML is reported at its first error with line
// and column, and nothing after it is read.
#ifndef SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_XML_H_
#define SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_XML_H_

#include <istream>

#include "absl/strings/string_view.h"
#include "tools/workforce_census/census_input.h"

namespace scorecard::workforce_census {

CensusInput ReadCensusXml(std::istream& in, absl::string_view file_name);

}  // namespace scorecard::workforce_census

#endif  // SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_XML_H_

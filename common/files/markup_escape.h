// Text made safe for HTML and XML, in element content and in quoted attribute values alike:
// the scorecard's HTML export and the benchmark's CIN census XML both write with it.
//
//   absl::StrAppend(&html, "<td title=\"", EscapeMarkup(note), "\">", EscapeMarkup(value));
#ifndef SCORECARD_COMMON_FILES_MARKUP_ESCAPE_H_
#define SCORECARD_COMMON_FILES_MARKUP_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace scorecard {

// & < > " ' as character references (&amp; &lt; &gt; &quot; &#39;); everything else as is.
std::string EscapeMarkup(absl::string_view text);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_FILES_MARKUP_ESCAPE_H_

# Turns the bank holiday CSV ("date,title", dates as YYYY-MM-DD) into a C++ table, so the
# calendar ships inside the binary and nothing reads a file at run time.
#
#   cmake -DCSV=bank-holidays-england-and-wales.csv -DOUT=bank_holidays.cc \
#         -P generate_bank_holidays.cmake
#
# Fails the build on any malformed, out-of-order or duplicate row: a silently dropped
# holiday would shift every working-day deadline around it.
if(NOT DEFINED CSV OR NOT DEFINED OUT)
  message(FATAL_ERROR "usage: cmake -DCSV=<input.csv> -DOUT=<output.cc> -P ${CMAKE_CURRENT_LIST_FILE}")
endif()

file(READ "${CSV}" content)
# Titles only end up in comments; ';' and brackets would otherwise split or glue CMake list
# items, and a trailing backslash would splice the next generated line into the comment.
string(REGEX REPLACE "[][;\\\\]" "_" content "${content}")
string(REPLACE "\r" "" content "${content}")
string(REPLACE "\n" ";" lines "${content}")

get_filename_component(csv_name "${CSV}" NAME)
set(rows "")
set(row_count 0)
set(line_number 0)
set(seen_header FALSE)
set(previous_date "")
foreach(line IN LISTS lines)
  math(EXPR line_number "${line_number} + 1")
  if(line STREQUAL "")
    continue()
  endif()
  if(NOT seen_header)
    if(NOT line STREQUAL "date,title")
      message(FATAL_ERROR "${CSV}:${line_number}: expected the header \"date,title\", got \"${line}\"")
    endif()
    set(seen_header TRUE)
    continue()
  endif()
  if(NOT line MATCHES "^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9]),(.*)$")
    message(FATAL_ERROR "${CSV}:${line_number}: expected \"YYYY-MM-DD,title\", got \"${line}\"")
  endif()
  # Copied out first: every later regex command overwrites CMAKE_MATCH_<n>.
  set(year "${CMAKE_MATCH_1}")
  set(month "${CMAKE_MATCH_2}")
  set(day "${CMAKE_MATCH_3}")
  set(title "${CMAKE_MATCH_4}")
  set(date "${year}-${month}-${day}")
  # Leading zeros would make C++ read 08 and 09 as (invalid) octal.
  string(REGEX REPLACE "^0" "" month "${month}")
  string(REGEX REPLACE "^0" "" day "${day}")
  if(month LESS 1 OR month GREATER 12 OR day LESS 1 OR day GREATER 31)
    message(FATAL_ERROR "${CSV}:${line_number}: no such date \"${date}\"")
  endif()
  if(NOT previous_date STREQUAL "" AND NOT previous_date STRLESS date)
    message(FATAL_ERROR "${CSV}:${line_number}: \"${date}\" is not after the previous row's \"${previous_date}\" (rows must be sorted and unique)")
  endif()
  set(previous_date "${date}")
  string(APPEND rows "    {${year}, ${month}, ${day}},  // ${title}\n")
  math(EXPR row_count "${row_count} + 1")
endforeach()
if(row_count EQUAL 0)
  message(FATAL_ERROR "${CSV}: no holidays found")
endif()

file(WRITE "${OUT}.tmp" "// Generated from ${csv_name} by generate_bank_holidays.cmake: edit the CSV, not this file.
#include \"common/time/bank_holiday_data.h\"

namespace scorecard {
namespace time_internal {
namespace {

constexpr CivilYmd kEnglandAndWalesBankHolidays[] = {
${rows}};

}  // namespace

absl::Span<const CivilYmd> EnglandAndWalesBankHolidays() {
  return kEnglandAndWalesBankHolidays;
}

}  // namespace time_internal
}  // namespace scorecard
")
# Leaves the output untouched when the table is unchanged, so nothing recompiles needlessly.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")

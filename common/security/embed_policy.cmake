# Writes OUT, a C++ file defining scorecard::BuiltInPolicyText() as the contents of IN.
#   cmake -DIN=deploy/security/policy.textproto -DOUT=default_policy_text.cc -P embed_policy.cmake
file(READ "${IN}" text)
set(delimiter "scorecard_policy")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains )${delimiter}\" and cannot be embedded as a raw string")
endif()
file(WRITE "${OUT}.tmp"
  "// Generated from ${IN} by common/security/embed_policy.cmake. Do not edit.\n"
  "#include \"common/security/default_policy.h\"\n\n"
  "namespace scorecard {\n\n"
  "absl::string_view BuiltInPolicyText() {\n"
  "  static constexpr char kText[] = R\"${delimiter}(${text})${delimiter}\";\n"
  "  return absl::string_view(kText, sizeof(kText) - 1);\n"
  "}\n\n"
  "}  // namespace scorecard\n")
file(RENAME "${OUT}.tmp" "${OUT}")

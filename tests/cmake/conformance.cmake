# ctest `conformance`: runs `talentrules conformance` over the shared cel-spec cases.
#
#   cmake -DCLI=<talentrules> -DDEFAULT_SHARED=<dir> -DKNOWN_FAILURES=<file> [-DSUITE=cel-ext]
#         -P conformance.cmake
#
# SUITE is the case folder under conformance/: `cel` (the core language, the default) or
# `cel-ext` (the extension libraries). The cases live beside the checkout
# (../shared/conformance/<SUITE>) or wherever the
# TALENTRULES_SHARED environment variable points. Where neither exists the test prints
# "conformance: skipped" and ctest reports it as skipped (SKIP_REGULAR_EXPRESSION).
if(DEFINED ENV{TALENTRULES_SHARED} AND NOT "$ENV{TALENTRULES_SHARED}" STREQUAL "")
  set(shared "$ENV{TALENTRULES_SHARED}")
else()
  set(shared "${DEFAULT_SHARED}")
endif()
if(NOT DEFINED SUITE)
  set(SUITE cel)
endif()
set(cases "${shared}/conformance/${SUITE}")
if(NOT IS_DIRECTORY "${cases}")
  message("conformance: skipped: no case folder at ${cases} (set TALENTRULES_SHARED)")
  return()
endif()
execute_process(
  COMMAND "${CLI}" conformance "${cases}" --known-failures "${KNOWN_FAILURES}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "conformance: talentrules conformance exited with ${result}")
endif()

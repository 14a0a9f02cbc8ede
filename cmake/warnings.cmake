# One place for the warning flags every project target uses.
function(talentrules_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # -Wshadow=local is GCC's spelling; clang (the fuzz preset) has no equivalent that
    # ignores members and globals the same way, and would warn about the unknown option.
    target_compile_options(${target} PRIVATE -Wshadow=local)
    # GCC 12 at -O3 reports impossible overlaps inside libstdc++'s own string code
    # (`"literal" + std::string&&`: "accessing 9223372036854775810 or more bytes"),
    # GCC PR 105651, fixed in GCC 13. With -Werror it breaks the release build of
    # correct code, so it is off for GCC 12 only.
    if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
  endif()
  if(TALENTRULES_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Install the library, its public headers and a CMake package so that an embedding
# project can say find_package(talentrules) and link talentrules::talentrules.
include(CMakePackageConfigHelpers)

install(TARGETS talentrules EXPORT talentrulesTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/talentrules DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/include/talentrules/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/talentrules)
if(TARGET talentrules_cli)
  install(TARGETS talentrules_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(TALENTRULES_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/talentrules)
install(EXPORT talentrulesTargets NAMESPACE talentrules:: DESTINATION ${TALENTRULES_CMAKE_DIR})
configure_package_config_file(cmake/talentrulesConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/talentrulesConfig.cmake
  INSTALL_DESTINATION ${TALENTRULES_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/talentrulesConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/talentrulesConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/talentrulesConfigVersion.cmake
        DESTINATION ${TALENTRULES_CMAKE_DIR})

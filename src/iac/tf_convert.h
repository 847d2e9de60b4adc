// Internal to iac/: HCL values (hcl/hcl.h) as iac values (value.h).
//
// to_iac() keeps every value's source range as its Origin; a string's unknown parts (holes) and
// wholly unknown values become placeholders, each recorded in `decl.unresolved` with why it is
// unknown; a jsonencode() result becomes the tree it encoded (so a policy keeps the locations of
// its statements); a verbatim string (a heredoc, a file() result) is located at its first
// character, with end_line set, so its JSON can be located line by line.
#pragma once

#include "hcl/hcl.h"
#include "iac/model.h"
#include "iac/value.h"

namespace iw::iac {

Origin origin_of(const hcl::Range& r);
Value to_iac(const hcl::Value& v, Declarations& decl);

}  // namespace iw::iac

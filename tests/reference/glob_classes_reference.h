// The naive reference for reason::glob_classes: the product of the patterns' automata explored
// breadth-first with one vector<bool> of NFA positions per pattern and per state, every
// character of the alphabet stepped separately. Slow and plain; the fast exploration in
// src/reason/witness.cc must return the same classes, in the same order, with the same
// representatives.
#pragma once

#include <vector>

#include "reason/witness.h"

namespace iw::reference {

std::vector<reason::GlobClass> glob_classes(const std::vector<reason::GlobSpec>& specs, bool& complete);

}  // namespace iw::reference

// Offsets to line:column, fast for the many positions a parse asks for (internal to src/hcl).
//
// Lines are found by binary search; a column is the offset within the line when the line is
// ASCII, else its code points counted from the line start, or (lines over 4 KiB) SourceText's
// block index. So a position costs O(log lines) on ordinary files and never more than
// SourceText::position.
#pragma once

#include <cstdint>
#include <vector>

#include "core/source.h"
#include "hcl/hcl.h"

namespace iw::hcl {

class Locator {
 public:
  Locator(const SourceText& source, std::string_view file);
  Pos at(std::size_t offset) const;

 private:
  const SourceText& source_;
  std::string_view text_;
  std::string_view file_;
  std::vector<std::uint32_t> line_starts_;
  std::vector<bool> ascii_;
};

}  // namespace iw::hcl

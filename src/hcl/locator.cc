#include "hcl/locator.h"

#include <algorithm>

namespace iw::hcl {

Locator::Locator(const SourceText& source, std::string_view file)
    : source_(source), text_(source.text()), file_(intern_file_name(file)) {
  line_starts_.push_back(0);
  bool ascii = true;
  for (std::size_t k = 0; k < text_.size(); ++k) {
    char c = text_[k];
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    if (c == '\n') {
      ascii_.push_back(ascii);
      ascii = true;
      line_starts_.push_back(static_cast<std::uint32_t>(k + 1));
    }
  }
  ascii_.push_back(ascii);
}

Pos Locator::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  std::size_t start = line_starts_[line];
  std::size_t column = 0;
  if (ascii_[line]) {
    column = offset - start + 1;
  } else if (offset - start > 4096) {
    column = static_cast<std::size_t>(source_.position(offset).column);
  } else {
    column = 1;
    for (std::size_t k = start; k < offset; ++k)
      if ((static_cast<unsigned char>(text_[k]) & 0xC0) != 0x80) ++column;
  }
  return Pos{file_, static_cast<std::uint32_t>(line + 1), static_cast<std::uint32_t>(column),
             static_cast<std::uint32_t>(offset)};
}

}  // namespace iw::hcl

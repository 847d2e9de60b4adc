#include "core/source.h"

#include <algorithm>
#include <cstring>

namespace iw {

namespace {
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

SourceText::SourceText(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)), size_(text_.size()) {
  text_.append(kPadding, '\0');
  const char* const end = text_.data() + size_;
  line_starts_.push_back(0);
  for (const char* p = text_.data(); (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
    ++p;
    line_starts_.push_back(static_cast<std::uint32_t>(p - text_.data()));
  }
  continuation_blocks_.reserve(size_ / kBlock + 1);
  std::uint32_t count = 0;
  for (std::size_t block = 0; block < size_; block += kBlock) {
    continuation_blocks_.push_back(count);
    const std::size_t stop = std::min(size_, block + kBlock);
    for (std::size_t i = block; i < stop; ++i) count += continuation(text_[i]) ? 1 : 0;
  }
  if (size_ % kBlock == 0) continuation_blocks_.push_back(count);  // the end of a text of whole blocks
}

std::size_t SourceText::continuation_bytes_before(std::size_t offset) const {
  const std::size_t block = offset / kBlock;
  if (block >= continuation_blocks_.size()) return 0;
  std::size_t count = continuation_blocks_[block];
  for (std::size_t i = block * kBlock; i < offset; ++i) count += continuation(text_[i]) ? 1 : 0;
  return count;
}

LineColumn SourceText::position(std::size_t offset) const {
  offset = std::min(offset, size_);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line_index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  const std::size_t start = line_starts_[line_index];
  // Code points = bytes minus UTF-8 continuation bytes.
  const std::size_t continuations = continuation_bytes_before(offset) - continuation_bytes_before(start);
  return {static_cast<int>(line_index) + 1, static_cast<int>(offset - start - continuations) + 1};
}

std::string_view SourceText::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
  const std::size_t begin = line_starts_[static_cast<std::size_t>(line) - 1];
  std::size_t end = static_cast<std::size_t>(line) < line_starts_.size()
                        ? line_starts_[static_cast<std::size_t>(line)] - 1
                        : size_;
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

std::string_view SourceText::snippet(int line, std::size_t max_bytes) const {
  const std::string_view text = line_text(line);
  return text.size() > max_bytes ? std::string_view() : text;
}

}  // namespace iw

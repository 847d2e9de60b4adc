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
}

const SourceText::Index& SourceText::index() const {
  std::call_once(index_->built, [this] {
    Index& ix = *index_;
    const char* const end = text_.data() + size_;
    ix.line_starts.push_back(0);
    for (const char* p = text_.data(); (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
      ++p;
      ix.line_starts.push_back(static_cast<std::uint32_t>(p - text_.data()));
    }
    ix.continuation_blocks.reserve(size_ / kBlock + 1);
    std::uint32_t count = 0;
    for (std::size_t block = 0; block < size_; block += kBlock) {
      ix.continuation_blocks.push_back(count);
      const std::size_t stop = std::min(size_, block + kBlock);
      for (std::size_t i = block; i < stop; ++i) count += continuation(text_[i]) ? 1 : 0;
    }
    if (size_ % kBlock == 0) ix.continuation_blocks.push_back(count);  // the end of a text of whole blocks
  });
  return *index_;
}

std::size_t SourceText::continuation_bytes_before(const Index& ix, std::size_t offset) const {
  const std::size_t block = offset / kBlock;
  if (block >= ix.continuation_blocks.size()) return 0;
  std::size_t count = ix.continuation_blocks[block];
  for (std::size_t i = block * kBlock; i < offset; ++i) count += continuation(text_[i]) ? 1 : 0;
  return count;
}

LineColumn SourceText::position(std::size_t offset) const {
  offset = std::min(offset, size_);
  const Index& ix = index();
  auto it = std::upper_bound(ix.line_starts.begin(), ix.line_starts.end(), offset);
  const std::size_t line_index = static_cast<std::size_t>(it - ix.line_starts.begin()) - 1;
  const std::size_t start = ix.line_starts[line_index];
  // Code points = bytes minus UTF-8 continuation bytes.
  const std::size_t continuations = continuation_bytes_before(ix, offset) - continuation_bytes_before(ix, start);
  return {static_cast<int>(line_index) + 1, static_cast<int>(offset - start - continuations) + 1};
}

std::string_view SourceText::line_text(int line) const {
  const std::vector<std::uint32_t>& line_starts = index().line_starts;
  if (line < 1 || static_cast<std::size_t>(line) > line_starts.size()) return {};
  const std::size_t begin = line_starts[static_cast<std::size_t>(line) - 1];
  std::size_t end = static_cast<std::size_t>(line) < line_starts.size()
                        ? line_starts[static_cast<std::size_t>(line)] - 1
                        : size_;
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

std::string_view SourceText::snippet(int line, std::size_t max_bytes) const {
  const std::string_view text = line_text(line);
  return text.size() > max_bytes ? std::string_view() : text;
}

}  // namespace iw

// Source text and positions.
//
// A SourceText owns the bytes of one input (a file, stdin, or a decoded string) and answers
// "which line and column is byte offset N" in O(log lines + 4 KiB), even on a file that is one
// huge line (minified JSON). Columns count Unicode code points, 1-based, as editors and SARIF
// viewers do; lines are 1-based.
//
// The text is followed in memory by kPadding NUL bytes that are not part of it, so a SIMD JSON
// parser (simdjson) may read it in place. A caller that reserves text.size() + kPadding bytes
// before handing its string over saves the copy. Copies share the bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace iw {

struct LineColumn {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, in code points; 0 = unknown
};

class SourceText {
 public:
  static constexpr std::size_t kPadding = 64;

  SourceText(std::string name, std::string text);
  // The file at `path` (`size` bytes, as its size was found), mapped into memory rather than read:
  // the page cache's own pages, neither copied nor zeroed first — for large inputs. The padding
  // is the zeros past the file's end. nullptr when it cannot be mapped (then read it instead).
  // The file must not shrink while the text is in use.
  static std::unique_ptr<SourceText> map_file(std::string name, const std::string& path, std::size_t size);

  const std::string& name() const { return name_; }
  std::string_view text() const { return std::string_view(data_, size_); }

  // Position of a byte offset; offsets past the end map to the end.
  LineColumn position(std::size_t offset) const;
  // The text of a 1-based line without its line break ("" when out of range).
  std::string_view line_text(int line) const;
  // The line to show next to a finding: line_text(line), or "" when the line is longer than
  // `max_bytes` (a minified document: a caret under column 40,000 helps nobody).
  std::string_view snippet(int line, std::size_t max_bytes = 1000) const;

 private:
  SourceText() = default;
  std::string name_;
  std::shared_ptr<const void> owner_;  // of the bytes: a string, or a mapping (shared by copies)
  const char* data_ = nullptr;         // the text, then kPadding NUL bytes
  std::size_t size_ = 0;
  static constexpr std::size_t kBlock = 4096;

  // Built on the first question about a position (most texts are never asked), once, whichever
  // thread asks first; shared by copies, whose text is the same.
  struct Index {
    std::once_flag built;
    std::vector<std::uint32_t> line_starts;
    // Number of UTF-8 continuation bytes before text_[0], text_[kBlock], text_[2 * kBlock], ...
    std::vector<std::uint32_t> continuation_blocks;
  };
  std::shared_ptr<Index> index_ = std::make_shared<Index>();
  const Index& index() const;
  std::size_t continuation_bytes_before(const Index& index, std::size_t offset) const;
};

}  // namespace iw

// Reading a stream line by line in bounded memory (NDJSON inputs of any size).
//
// LineReader reads a file descriptor (a file, a pipe, stdin) in blocks into one buffer and hands
// out one line at a time without its line break: "\n", or "\r\n" (the "\r" is dropped). A last
// line without a break is a line too. Memory stays below max_line + 2 blocks whatever the size
// of the input; a line longer than max_line bytes is an error (too_long), reported once, after
// which the reader stays at that line.
//
// Each line handed out is followed in memory by at least kPadding readable bytes, so a SIMD JSON
// parser (simdjson) may read it in place. The view is valid until the next call to next().
// Not thread-safe; the reader does not own or close the descriptor.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace iw {

class LineReader {
 public:
  static constexpr std::size_t kPadding = 64;
  static constexpr std::size_t kBlock = 1u << 16;

  enum class Status { line, end, too_long, io_error };

  LineReader(int fd, std::size_t max_line);

  // The next line in `line`, or end of input, or an error (too_long: the line numbered
  // line_number() is over max_line; io_error: read(2) failed with error_number()).
  Status next(std::string_view& line);

  // 1-based number of the line last handed out (or found too long).
  std::size_t line_number() const { return line_number_; }
  std::size_t max_line() const { return max_line_; }
  int error_number() const { return errno_; }

 private:
  // Reads more input after the unconsumed bytes; false at end of input or on error.
  bool fill();
  Status too_long();

  int fd_;
  std::size_t max_line_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;    // one past the last byte read
  std::size_t scanned_ = 0;  // bytes after begin_ known to hold no '\n'
  std::size_t line_number_ = 0;
  bool eof_ = false;
  Status stuck_ = Status::line;  // too_long or io_error once met
  int errno_ = 0;
};

}  // namespace iw

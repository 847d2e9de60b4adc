#include "core/line_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace iw {

LineReader::LineReader(int fd, std::size_t max_line) : fd_(fd), max_line_(max_line) {
  buffer_.resize(kBlock + kPadding);
}

bool LineReader::fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < end_ + kBlock + kPadding) buffer_.resize(end_ + kBlock + kPadding);
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.data() + end_, kBlock);
    if (n > 0) {
      end_ += static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno != EINTR) {
      errno_ = errno;
      stuck_ = Status::io_error;
      return false;
    }
  }
}

LineReader::Status LineReader::next(std::string_view& line) {
  if (stuck_ != Status::line) return stuck_;
  for (;;) {
    const char* const start = buffer_.data() + begin_;
    const std::size_t available = end_ - begin_;
    const auto* nl = static_cast<const char*>(std::memchr(start + scanned_, '\n', available - scanned_));
    if (nl == nullptr && !eof_) {
      if (available > max_line_ + 1) return too_long();  // + 1: a "\r" may end it
      scanned_ = available;
      if (!fill() && stuck_ != Status::line) return stuck_;
      continue;
    }
    if (nl == nullptr && available == 0) return Status::end;
    std::size_t length = nl != nullptr ? static_cast<std::size_t>(nl - start) : available;
    begin_ += nl != nullptr ? length + 1 : length;
    scanned_ = 0;
    if (length > 0 && start[length - 1] == '\r') --length;
    if (length > max_line_) return too_long();
    line = std::string_view(start, length);
    ++line_number_;
    return Status::line;
  }
}

LineReader::Status LineReader::too_long() {
  ++line_number_;
  stuck_ = Status::too_long;
  return stuck_;
}

}  // namespace iw

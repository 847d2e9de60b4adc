#include "core/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace iw {
namespace {

// A pipe fed by a thread: the reader sees a stream, not a file, as with stdin.
class Pipe {
 public:
  explicit Pipe(std::string data) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    read_ = fds[0];
    writer_ = std::thread([fd = fds[1], data = std::move(data)] {
      std::size_t done = 0;
      while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, std::min<std::size_t>(data.size() - done, 1000));
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      ::close(fd);
    });
  }
  ~Pipe() {
    writer_.join();
    ::close(read_);
  }
  int fd() const { return read_; }

 private:
  int read_ = -1;
  std::thread writer_;
};

struct Read {
  std::vector<std::string> lines;
  LineReader::Status last = LineReader::Status::end;
  std::size_t line_number = 0;
};

Read read_all(int fd, std::size_t max_line) {
  LineReader reader(fd, max_line);
  Read out;
  std::string_view line;
  while ((out.last = reader.next(line)) == LineReader::Status::line) out.lines.emplace_back(line);
  out.line_number = reader.line_number();
  return out;
}

// Through a pipe: the whole text must be read (the writer blocks on a full pipe otherwise).
Read read_text(const std::string& text, std::size_t max_line = 100) {
  Pipe pipe(text);
  return read_all(pipe.fd(), max_line);
}

// Through a file: the reader may stop anywhere.
Read read_file(const std::string& text, std::size_t max_line) {
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  EXPECT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
  std::fflush(f);
  std::rewind(f);
  Read r = read_all(fileno(f), max_line);
  std::fclose(f);
  return r;
}

TEST(LineReader, SplitsLinesAndKeepsBlankOnes) {
  const Read r = read_text("a\n\nbc\n  \nd");
  EXPECT_EQ(r.last, LineReader::Status::end);
  EXPECT_EQ(r.lines, (std::vector<std::string>{"a", "", "bc", "  ", "d"}));
  EXPECT_EQ(r.line_number, 5u);
}

TEST(LineReader, DropsTheCarriageReturnOfCrlf) {
  const Read r = read_text("a\r\nb\r\n\r\nc\r");
  EXPECT_EQ(r.lines, (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(read_text("x\ry\n").lines, (std::vector<std::string>{"x\ry"}));  // only at the end
}

TEST(LineReader, EmptyInputHasNoLine) {
  EXPECT_TRUE(read_text("").lines.empty());
  EXPECT_EQ(read_text("\n").lines, (std::vector<std::string>{""}));
}

TEST(LineReader, ReportsTheLineOverTheLimit) {
  const Read r = read_file("short\nexactly10c\n" + std::string(11, 'x') + "\nnever\n", 10);
  EXPECT_EQ(r.lines, (std::vector<std::string>{"short", "exactly10c"}));
  EXPECT_EQ(r.last, LineReader::Status::too_long);
  EXPECT_EQ(r.line_number, 3u);
  // A CR of CRLF does not count; a last line without a break is measured too.
  EXPECT_EQ(read_text("exactly10c\r\n", 10).last, LineReader::Status::end);
  EXPECT_EQ(read_file("ok\n" + std::string(11, 'y'), 10).last, LineReader::Status::too_long);
}

TEST(LineReader, AnOverlongLineIsFoundWithoutReadingItAll) {
  // 10 MiB without a line break, limit 1 KiB: the reader stops early, in bounded memory.
  const Read r = read_file(std::string(10u << 20, 'z'), 1024);
  EXPECT_EQ(r.last, LineReader::Status::too_long);
  EXPECT_EQ(r.line_number, 1u);
}

TEST(LineReader, LinesAcrossBlocksAreWhole) {
  std::string text;
  std::vector<std::string> expected;
  for (int i = 0; i < 5000; ++i) {
    expected.push_back(std::string(static_cast<std::size_t>(i % 97), static_cast<char>('a' + i % 26)) +
                       std::to_string(i));
    text += expected.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  ASSERT_GT(text.size(), 2 * LineReader::kBlock);
  const Read r = read_text(text, 200);
  EXPECT_EQ(r.last, LineReader::Status::end);
  EXPECT_EQ(r.lines, expected);
}

TEST(LineReader, ReadsStandardInput) {
  Pipe pipe("first\nsecond\n");
  const int saved = ::dup(STDIN_FILENO);
  ASSERT_GE(saved, 0);
  ASSERT_EQ(::dup2(pipe.fd(), STDIN_FILENO), STDIN_FILENO);
  const Read r = read_all(STDIN_FILENO, 100);
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  EXPECT_EQ(r.lines, (std::vector<std::string>{"first", "second"}));
}

TEST(LineReader, ReportsAReadError) {
  LineReader reader(-1, 100);
  std::string_view line;
  EXPECT_EQ(reader.next(line), LineReader::Status::io_error);
  EXPECT_NE(reader.error_number(), 0);
}

}  // namespace
}  // namespace iw

// SourceText::map_file: a mapped file is the same text as the file read into a string — the same
// bytes, zeros after them for the padding whatever the file's size against the page size, the
// same positions — and a snapshot large enough to be mapped loads, and fails, as one read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include "account/account.h"
#include "core/source.h"

namespace iw {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("iw-source-" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path file(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name, std::ios::binary) << content;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(SourceText, AMappedFileIsItsBytesThenZeros) {
  const TempDir dir;
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::mt19937 rng(5);
  for (const std::size_t size : {std::size_t{1}, std::size_t{100}, page - SourceText::kPadding - 1,
                                 page - SourceText::kPadding, page - 1, page, page + 1, 3 * page - 7, 3 * page}) {
    std::string content(size, 'x');
    for (char& c : content) c = static_cast<char>(rng() % 3 == 0 ? '\n' : 'a' + rng() % 26);
    const fs::path path = dir.file("f" + std::to_string(size), content);
    const std::unique_ptr<SourceText> mapped = SourceText::map_file("f", path.string(), size);
    ASSERT_NE(mapped, nullptr) << size;
    EXPECT_EQ(mapped->text(), content) << size;
    for (std::size_t i = 0; i < SourceText::kPadding; ++i) {
      ASSERT_EQ(mapped->text().data()[size + i], '\0') << size << " padding byte " << i;
    }
    const SourceText read("f", content);
    for (const std::size_t offset : {std::size_t{0}, size / 2, size - 1, size}) {
      EXPECT_EQ(mapped->position(offset).line, read.position(offset).line) << size << " at " << offset;
      EXPECT_EQ(mapped->position(offset).column, read.position(offset).column) << size << " at " << offset;
    }
    EXPECT_EQ(mapped->line_text(2), read.line_text(2));
    const SourceText copy = *mapped;  // shares the mapping
    EXPECT_EQ(copy.text().data(), mapped->text().data());
  }
  EXPECT_EQ(SourceText::map_file("f", (dir.path() / "missing").string(), 10), nullptr);
  const fs::path path = dir.file("sized", "12345");
  EXPECT_EQ(SourceText::map_file("f", path.string(), 4), nullptr) << "a size that is no longer the file's";
  EXPECT_EQ(SourceText::map_file("f", path.string(), 0), nullptr);
}

TEST(SourceText, ACopyOfAMappedTextOutlivesIt) {
  const TempDir dir;
  const std::string content(10000, 'q');
  const fs::path path = dir.file("f", content);
  std::optional<SourceText> copy;
  {
    const std::unique_ptr<SourceText> mapped = SourceText::map_file("f", path.string(), content.size());
    ASSERT_NE(mapped, nullptr);
    copy.emplace(*mapped);
  }
  EXPECT_EQ(copy->text(), content);
}

// An authorization-details.json over a mebibyte is mapped by load_snapshot(): the account, and the
// error of a damaged copy, are those of the same text given as a string.
TEST(SourceText, ALargeSnapshotLoadsAsWhenRead) {
  const TempDir dir;
  std::string details = R"({"UserDetailList": [)";
  for (int i = 0; details.size() < (3u << 19); ++i) {
    if (i > 0) details += ",\n";
    details += R"({"UserName": "u)" + std::to_string(i) + R"(", "Arn": "arn:aws:iam::111122223333:user/u)" +
               std::to_string(i) + R"(", "UserPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Version": )"
               R"("2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]})";
  }
  details += "]}";
  for (const bool damaged : {false, true}) {
    const std::string text = damaged ? details.substr(0, details.size() - 40) + "}" : details;
    dir.file("authorization-details.json", text);
    std::string from_file, from_string;
    std::size_t users = 0;
    try {
      users = account::load_snapshot(dir.path().string()).users.size();
    } catch (const account::SnapshotError& e) {
      from_file = e.what();
    }
    try {
      const account::Account a =
          account::load_snapshot_files(dir.path().string(), {{"authorization-details.json", text}});
      EXPECT_EQ(a.users.size(), users);
      EXPECT_GT(users, 1000u);
    } catch (const account::SnapshotError& e) {
      from_string = e.what();
    }
    EXPECT_EQ(from_file, from_string);
    EXPECT_EQ(damaged, !from_file.empty()) << from_file;
  }
}

}  // namespace
}  // namespace iw

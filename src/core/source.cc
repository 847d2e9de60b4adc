#include "core/source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace iw {

namespace {
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

SourceText::SourceText(std::string name, std::string text) : name_(std::move(name)), size_(text.size()) {
  text.append(kPadding, '\0');
  auto owned = std::make_shared<const std::string>(std::move(text));
  data_ = owned->data();
  owner_ = std::move(owned);
}

namespace {

struct Mapping {
  void* address = MAP_FAILED;
  std::size_t length = 0;
  ~Mapping() {
    if (address != MAP_FAILED) ::munmap(address, length);
  }
};

}  // namespace

std::unique_ptr<SourceText> SourceText::map_file(std::string name, const std::string& path, std::size_t size) {
  const long page = ::sysconf(_SC_PAGESIZE);
  if (size == 0 || page <= 0) return nullptr;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  auto mapping = std::make_shared<Mapping>();
  // Whole pages for the text and its padding, all zero; then the file over the first ones. The
  // rest of the file's last page reads as zeros, the pages after it are the reservation's.
  mapping->length = (size + kPadding + static_cast<std::size_t>(page) - 1) / static_cast<std::size_t>(page) *
                    static_cast<std::size_t>(page);
  if (::fstat(fd, &st) == 0 && static_cast<std::size_t>(st.st_size) == size) {
    mapping->address = ::mmap(nullptr, mapping->length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  }
  const bool mapped = mapping->address != MAP_FAILED &&
                      ::mmap(mapping->address, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0) !=
                          MAP_FAILED;
  ::close(fd);
  if (!mapped) return nullptr;
  std::unique_ptr<SourceText> out(new SourceText());
  out->name_ = std::move(name);
  out->data_ = static_cast<const char*>(mapping->address);
  out->size_ = size;
  out->owner_ = std::move(mapping);
  return out;
}

const SourceText::Index& SourceText::index() const {
  std::call_once(index_->built, [this] {
    Index& ix = *index_;
    const char* const end = data_ + size_;
    ix.line_starts.push_back(0);
    for (const char* p = data_; (p = static_cast<const char*>(std::memchr(p, '\n', end - p)));) {
      ++p;
      ix.line_starts.push_back(static_cast<std::uint32_t>(p - data_));
    }
    ix.continuation_blocks.reserve(size_ / kBlock + 1);
    std::uint32_t count = 0;
    for (std::size_t block = 0; block < size_; block += kBlock) {
      ix.continuation_blocks.push_back(count);
      const std::size_t stop = std::min(size_, block + kBlock);
      for (std::size_t i = block; i < stop; ++i) count += continuation(data_[i]) ? 1 : 0;
    }
    if (size_ % kBlock == 0) ix.continuation_blocks.push_back(count);  // the end of a text of whole blocks
  });
  return *index_;
}

std::size_t SourceText::continuation_bytes_before(const Index& ix, std::size_t offset) const {
  const std::size_t block = offset / kBlock;
  if (block >= ix.continuation_blocks.size()) return 0;
  std::size_t count = ix.continuation_blocks[block];
  for (std::size_t i = block * kBlock; i < offset; ++i) count += continuation(data_[i]) ? 1 : 0;
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
  if (end > begin && data_[end - 1] == '\r') --end;
  return text().substr(begin, end - begin);
}

std::string_view SourceText::snippet(int line, std::size_t max_bytes) const {
  const std::string_view text = line_text(line);
  return text.size() > max_bytes ? std::string_view() : text;
}

}  // namespace iw

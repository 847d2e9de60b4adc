#include "account/reader.h"

#include <algorithm>
#include <charconv>

namespace iw::account::detail {

using json::Kind;
using json::Node;

namespace {



std::string with_article(std::string_view kind) {
  return (kind == "array" || kind == "object" ? "an " : "a ") + std::string(kind);
}

}  // namespace

void fail_at(const SourceText& source, std::size_t offset, const std::string& message) {
  const LineColumn at = source.position(offset);
  throw SnapshotError(source.name(), at.line, at.column, message);
}

std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      n = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + n > s.size()) return i;
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::string_view::npos;
}

static_assert(SourceText::kPadding >= json::kPadding);

std::string_view arn_account(std::string_view arn) {
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  const std::size_t end = arn.find(':', pos);
  if (end == std::string_view::npos) return {};
  const std::string_view id = arn.substr(pos, end - pos);
  if (id.size() != 12 || id.find_first_not_of("0123456789") != std::string_view::npos) return {};
  return id;
}

namespace {

json::Limits limits_of(const LoadOptions& options, std::size_t depth) {
  json::Limits limits;
  limits.max_bytes = std::min<std::size_t>(options.max_file_bytes, 0xFFFFFFF0u);
  limits.max_depth = options.max_depth > depth ? options.max_depth - depth : 0;
  return limits;
}

}  // namespace

FileReader::FileReader(const SourceText& source, const LoadOptions& options, std::vector<std::string_view> split,
                       std::string_view select_member)
    : source_(source), options_(options) {
  json::ParseError error;
  json::ParseOptions parse;
  parse.padded = true;  // a SourceText is followed by its padding
  parse.split = std::move(split);
  parse.select_member = select_member;
  doc_ = json::parse(source.text(), error, limits_of(options, 0), parse);
  if (!doc_) fail_at(source_, error.offset, error.message);
}

FileReader::FileReader(const FileReader& file, json::Span element, std::size_t depth)
    : source_(file.source_), options_(file.options_) {
  json::ParseError error;
  json::ParseOptions parse;
  parse.padded = true;  // the file's text goes on after the element, then its padding
  parse.origin = element.begin;
  doc_ = json::parse(source_.text().substr(element.begin, element.end - element.begin), error,
                     limits_of(options_, depth - 1), parse);
  if (!doc_) fail_at(source_, error.offset, error.message);
}

void FileReader::fail(const Node& at, const std::string& message) const {
  fail_at(source_, at.offset, message);
}

const Node& FileReader::root_object(std::string_view what) const {
  if (root().kind != Kind::object) {
    fail(root(), "expected a JSON object (" + std::string(what) + "), not " +
                     with_article(json::to_string(root().kind)));
  }
  return root();
}

const Node& FileReader::root_array(std::string_view what) const {
  if (root().kind != Kind::array) {
    fail(root(), "expected a JSON array (" + std::string(what) + "), not " +
                     with_article(json::to_string(root().kind)));
  }
  return root();
}

void FileReader::reject_partial(const Node& root) const {
  if (const Node* truncated = member(root, "IsTruncated");
      truncated && truncated->kind == Kind::boolean && truncated->boolean) {
    fail(*truncated, "IsTruncated is true: this is one page of the output, not all of it (run the "
                     "command without --max-items or --no-paginate)");
  }
  if (const Node* token = member(root, "NextToken")) {
    fail(*token, "NextToken present: this is one page of the output, not all of it (run the command "
                 "without --max-items)");
  }
}

const Node* FileReader::member(const Node& object, std::string_view key) const {
  const Node* n = doc_->member(object, key);
  return n == nullptr || n->kind == Kind::null ? nullptr : n;
}

void FileReader::expect(const Node& node, Kind kind, std::string_view what) const {
  if (node.kind != kind) {
    fail(node, std::string(what) + " must be " + with_article(json::to_string(kind)) + ", not " +
                   with_article(json::to_string(node.kind)));
  }
}

const Node* FileReader::optional_array(const Node& object, std::string_view key) const {
  const Node* n = member(object, key);
  if (n != nullptr) expect(*n, Kind::array, key);
  return n;
}

const Node& FileReader::required_array(const Node& object, std::string_view key,
                                       std::string_view owner) const {
  const Node& n = required_node(object, key, owner);
  expect(n, Kind::array, key);
  return n;
}

const Node* FileReader::optional_object(const Node& object, std::string_view key) const {
  const Node* n = member(object, key);
  if (n != nullptr) expect(*n, Kind::object, key);
  return n;
}

const Node& FileReader::required_node(const Node& object, std::string_view key,
                                      std::string_view owner) const {
  const Node* n = member(object, key);
  if (n == nullptr) fail(object, std::string(owner) + " without " + std::string(key));
  return *n;
}

std::string FileReader::string(const Node& node, std::string_view what) const {
  expect(node, Kind::string, what);
  return std::string(node.text);
}

long long FileReader::integer(const Node& node, std::string_view what) const {
  expect(node, Kind::number, what);
  long long value = 0;
  const char* end = node.text.data() + node.text.size();
  const auto [ptr, ec] = std::from_chars(node.text.data(), end, value);
  if (ec != std::errc() || ptr != end) {
    fail(node, std::string(what) + " must be an integer, not " + std::string(node.text));
  }
  return value;
}

std::string FileReader::required_string(const Node& object, std::string_view key,
                                        std::string_view owner) const {
  return string(required_node(object, key, owner), key);
}

std::string FileReader::optional_string(const Node& object, std::string_view key) const {
  const Node* n = member(object, key);
  return n == nullptr ? std::string() : string(*n, key);
}

std::optional<std::string> FileReader::maybe_string(const Node& object, std::string_view key) const {
  const Node* n = member(object, key);
  if (n == nullptr) return std::nullopt;
  return string(*n, key);
}

std::optional<long long> FileReader::optional_integer(const Node& object, std::string_view key) const {
  const Node* n = member(object, key);
  if (n == nullptr) return std::nullopt;
  return integer(*n, key);
}

std::optional<bool> FileReader::optional_bool(const Node& object, std::string_view key) const {
  const Node* n = member(object, key);
  if (n == nullptr) return std::nullopt;
  expect(*n, Kind::boolean, key);
  return n->boolean;
}

std::optional<Timestamp> FileReader::optional_timestamp(const Node& object, std::string_view key) const {
  const Node* n = member(object, key);
  if (n == nullptr) return std::nullopt;
  expect(*n, Kind::string, key);
  auto t = parse_timestamp(n->text);
  if (!t) {
    fail(*n, std::string(key) + " is not a timestamp (expected e.g. 2023-03-09T10:41:34Z): \"" +
                 std::string(n->text.substr(0, 64)) + "\"");
  }
  return t;
}

PolicyDoc FileReader::read_doc(const Node& node) {
  PolicyDoc out;
  out.source = &source_;
  out.offset = node.offset;
  if (node.kind == Kind::string) {
    policy::ParseOptions parse_options;
    parse_options.limits.max_bytes = std::min<std::size_t>(options_.max_file_bytes, 0xFFFFFFF0u);
    parse_options.limits.max_depth = options_.max_depth;
    policy::ParseResult parsed = policy::parse_policy(node.text, parse_options);
    const LineColumn at = source_.position(node.offset);
    out.decoded.emplace(source_.name() + "@" + std::to_string(at.line) + ":" + std::to_string(at.column),
                        std::move(parsed.text));
    out.text = out.decoded->text();
    out.url_encoded = parsed.url_encoded;
    if (parsed.json_error) {
      out.readable = false;
      out.grammar.push_back({"the policy string does not hold a JSON policy: " + parsed.json_error->message,
                             parsed.json_error->offset});
    } else {
      out.document = std::move(*parsed.document);
      out.grammar = std::move(parsed.grammar);
    }
    return out;
  }
  const std::uint32_t end = node.end;
  out.text = source_.text().substr(node.offset, end - node.offset);
  out.document = policy::read_policy(*doc_, node, out.grammar);
  add_span(node.offset, end);
  return out;
}

void FileReader::skip(const Node& node) {
  if (node.kind == Kind::object || node.kind == Kind::array) {
    add_span(node.offset, node.end);
  }
}

void FileReader::add_span(std::uint32_t begin, std::uint32_t end) {
  const std::lock_guard lock(spans_mutex_);
  doc_spans_.emplace_back(begin, end);
}

void FileReader::check_structural_duplicates() const {
  const auto& dups = doc_->duplicate_keys();
  if (dups.empty()) return;
  auto spans = doc_spans_;
  std::sort(spans.begin(), spans.end());
  for (const json::DuplicateKey& d : dups) {
    auto it = std::upper_bound(spans.begin(), spans.end(), std::make_pair(d.offset, 0xFFFFFFFFu));
    if (it != spans.begin() && d.offset < std::prev(it)->second) continue;  // inside a document
    const LineColumn first = source_.position(d.first_offset);
    fail_at(source_, d.offset,
            "duplicate key \"" + d.key + "\" (first at " + std::to_string(first.line) + ":" +
                std::to_string(first.column) + ")");
  }
}

}  // namespace iw::account::detail

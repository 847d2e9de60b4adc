// The parsing interface: files, expressions and templates; File and Body queries.
#include <algorithm>

#include "core/source.h"
#include "hcl/hcl.h"
#include "hcl/parser.h"

namespace iw::hcl {

std::string ParseError::to_string() const { return hcl::to_string(pos) + ": " + message; }

static ParseError located(const SourceText& source, std::string_view name, const SyntaxError& e) {
  LineColumn lc = source.position(e.offset);
  return ParseError{e.message, Pos{intern_file_name(name), static_cast<std::uint32_t>(lc.line),
                                   static_cast<std::uint32_t>(lc.column), static_cast<std::uint32_t>(e.offset)}};
}

std::unique_ptr<File> parse(std::string_view name, std::string text, ParseError& error, const Limits& limits) {
  auto file = std::make_unique<File>();
  file->name = intern_file_name(name);
  file->syntax = Syntax::native;
  file->source = std::make_shared<const SourceText>(std::string(name), std::move(text));
  try {
    Parser parser(file->source, name, limits, &file->comments);
    file->body = parser.parse_file_body();
  } catch (const SyntaxError& e) {
    error = located(*file->source, name, e);
    return nullptr;
  }
  return file;
}

ExprPtr parse_expression(std::string_view name, std::string_view text, ParseError& error, const Limits& limits) {
  auto source = std::make_shared<const SourceText>(std::string(name), std::string(text));
  try {
    Parser parser(source, name, limits, nullptr);
    return parser.parse_whole_expression();
  } catch (const SyntaxError& e) {
    error = located(*source, name, e);
    return nullptr;
  }
}

ExprPtr parse_template(std::string_view name, std::string_view text, ParseError& error, const Limits& limits) {
  auto source = std::make_shared<const SourceText>(std::string(name), std::string(text));
  try {
    Parser parser(source, name, limits, nullptr);
    return parser.parse_whole_template();
  } catch (const SyntaxError& e) {
    error = located(*source, name, e);
    return nullptr;
  }
}

ExprPtr parse_template_at(std::string_view text, const Pos& at, ParseError& error, const Limits& limits) {
  auto source = std::make_shared<const SourceText>(std::string(at.file), std::string(text));
  try {
    Parser parser(source, at.file, limits, nullptr, at);
    return parser.parse_whole_template();
  } catch (const SyntaxError& e) {
    error = ParseError{e.message, at};
    return nullptr;
  }
}

const Attribute* Body::attribute(std::string_view name) const {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

std::vector<const Block*> Body::blocks_of(std::string_view type) const {
  std::vector<const Block*> out;
  for (const auto& b : blocks)
    if (b.type == type) out.push_back(&b);
  return out;
}

std::string_view Expr::source_text(std::string_view file_text) const {
  std::size_t b = where.begin.offset, e = where.end.offset;
  if (e <= b || e > file_text.size()) return {};
  return file_text.substr(b, e - b);
}

std::vector<const Comment*> File::comments_for(std::uint32_t line) const {
  std::vector<const Comment*> out;
  // The comments on `line`.
  auto on_line = [&](std::uint32_t l) {
    std::vector<const Comment*> found;
    for (const auto& c : comments)
      if (c.where.begin.line <= l && c.where.end.line >= l) found.push_back(&c);
    return found;
  };
  // Walk up while the line above holds only an own-line comment that ends there.
  std::vector<const Comment*> above;
  std::uint32_t l = line;
  while (l > 1) {
    const Comment* hit = nullptr;
    for (const auto& c : comments)
      if (c.own_line && c.where.end.line == l - 1) hit = &c;
    if (!hit) break;
    above.push_back(hit);
    l = hit->where.begin.line;
  }
  std::reverse(above.begin(), above.end());
  out = above;
  for (const Comment* c : on_line(line))
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

}  // namespace iw::hcl

// The native syntax: scanning (whitespace, comments, identifiers, positions) and structure
// (bodies, attributes, blocks).
#include "hcl/parser.h"

namespace iw::hcl {

Parser::Parser(std::shared_ptr<const SourceText> source, std::string_view file, const Limits& limits,
               std::vector<Comment>* comments, std::optional<Pos> fixed)
    : source_(std::move(source)),
      text_(source_->text()),
      file_(intern_file_name(file)),
      limits_(limits),
      comments_(comments),
      fixed_(fixed),
      end_(text_.size()) {
  if (text_.size() > limits_.max_bytes) {
    fail("the input is larger than the limit of " + std::to_string(limits_.max_bytes) + " bytes", 0);
  }
}

Parser::DepthGuard::DepthGuard(Parser& parser) : p(parser) {
  if (++p.depth_ > p.limits_.max_depth) {
    p.fail_here("nesting deeper than the limit of " + std::to_string(p.limits_.max_depth));
  }
}

bool Parser::looking_at(std::string_view s) const {
  return i_ + s.size() <= end_ && text_.substr(i_, s.size()) == s;
}

void Parser::fail(std::string message, std::size_t offset) const {
  throw SyntaxError{std::move(message), offset};
}

void Parser::fail_here(std::string message) const { fail(std::move(message), i_); }

Pos Parser::pos_at(std::size_t offset) const {
  if (fixed_) return *fixed_;
  LineColumn lc = source_->position(offset);
  return Pos{file_, static_cast<std::uint32_t>(lc.line), static_cast<std::uint32_t>(lc.column),
             static_cast<std::uint32_t>(offset)};
}

Range Parser::range(std::size_t begin, std::size_t end) const { return Range{pos_at(begin), pos_at(end)}; }

void Parser::record_comment(std::size_t begin, std::size_t end) {
  if (!comments_ || fixed_) return;
  if (!comments_->empty() && comments_->back().where.begin.offset >= begin) return;  // seen before a backtrack
  std::size_t line_start = begin;
  while (line_start > 0 && text_[line_start - 1] != '\n') --line_start;
  bool own_line = true;
  for (std::size_t k = line_start; k < begin; ++k) {
    if (text_[k] != ' ' && text_[k] != '\t' && text_[k] != '\r') own_line = false;
  }
  std::size_t stop = end;
  while (stop > begin && text_[stop - 1] == '\r') --stop;
  comments_->push_back(Comment{range(begin, stop), std::string(text_.substr(begin, stop - begin)), own_line});
}

void Parser::skip_space(bool newlines) {
  while (!at_end()) {
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
      ++i_;
    } else if (c == '#' || (c == '/' && peek(1) == '/')) {
      std::size_t begin = i_;
      while (!at_end() && peek() != '\n') ++i_;
      record_comment(begin, i_);
    } else if (c == '/' && peek(1) == '*') {
      std::size_t begin = i_;
      std::size_t close = text_.find("*/", i_ + 2);
      if (close == std::string_view::npos || close + 2 > end_) fail("unterminated /* comment", begin);
      i_ = close + 2;
      record_comment(begin, i_);
    } else {
      return;
    }
  }
}

bool Parser::is_id_start(char c) const {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

bool Parser::is_id_char(char c) const { return is_id_start(c) || (c >= '0' && c <= '9') || c == '-'; }

std::string Parser::identifier() {
  std::size_t begin = i_;
  if (!is_id_start(peek())) return {};
  while (!at_end() && is_id_char(peek())) ++i_;
  return std::string(text_.substr(begin, i_ - begin));
}

void Parser::expect(char c, std::string_view what) {
  if (peek() != c) {
    std::string found = at_end() ? "the end of the input"
                        : peek() == '\n' ? "a line break"
                                         : "'" + std::string(1, peek()) + "'";
    fail_here("expected " + std::string(what) + ", found " + found);
  }
  ++i_;
}

// An attribute or block ends at a line break, the end of the input, or (one-line blocks) `}`.
void Parser::end_of_line(std::string_view what) {
  skip_space(false);
  if (at_end() || peek() == '\n' || peek() == '}') return;
  fail_here("expected a line break after the " + std::string(what) + ", found '" + std::string(1, peek()) + "'");
}

Body Parser::parse_file_body() {
  Body body = parse_body(true, 0);
  return body;
}

Body Parser::parse_body(bool top, std::size_t begin) {
  Body body;
  NewlineMode mode(*this, false);
  for (;;) {
    skip_space(true);
    if (at_end()) {
      if (!top) fail_here("missing '}' to close the block");
      break;
    }
    if (peek() == '}') {
      if (top) fail_here("unexpected '}'");
      break;
    }
    std::size_t item_begin = i_;
    std::string name = identifier();
    if (name.empty()) fail_here("expected an attribute name or a block type");
    Range name_where = range(item_begin, i_);
    skip_space(false);
    if (peek() == '=' && peek(1) != '=') {
      ++i_;
      skip_space(false);
      ExprPtr value = parse_expr();
      Attribute attr{std::move(name), name_where, value, Range{name_where.begin, value->where.end}};
      body.attributes.push_back(std::move(attr));
      end_of_line("attribute");
    } else {
      Block block = parse_block(std::move(name), item_begin);
      block.type_where = name_where;
      body.blocks.push_back(std::move(block));
      end_of_line("block");
    }
  }
  body.where = range(begin, i_);
  return body;
}

Block Parser::parse_block(std::string type, std::size_t begin) {
  DepthGuard guard(*this);
  Block block;
  block.type = std::move(type);
  for (;;) {
    std::size_t label_begin = i_;
    if (peek() == '"') {
      ExprPtr label = parse_quoted();
      if (label->kind != ExprKind::literal) fail("a block label cannot contain interpolation", label_begin);
      block.labels.push_back(label->value.text);
    } else if (is_id_start(peek())) {
      block.labels.push_back(identifier());
    } else {
      break;
    }
    block.label_where.push_back(range(label_begin, i_));
    skip_space(false);
  }
  if (peek() != '{') {
    fail_here(block.labels.empty() ? "expected '=' or a block after '" + block.type + "'"
                                   : "expected '{' to open the block '" + block.type + "'");
  }
  std::size_t open = i_++;
  block.body = parse_body(false, open);
  expect('}', "'}'");
  block.body.where.end = pos_at(i_);
  block.where = range(begin, i_);
  return block;
}

ExprPtr Parser::parse_whole_expression() {
  NewlineMode mode(*this, true);
  skip_space(true);
  ExprPtr e = parse_expr();
  skip_space(true);
  if (!at_end()) fail_here("unexpected text after the expression");
  return e;
}

ExprPtr Parser::parse_whole_template() {
  std::vector<TemplatePart> parts;
  std::string stop = parse_parts(parts, TemplateMode{}, {});
  if (!stop.empty()) fail_here("%{" + stop + "} without a matching opening directive");
  return make_template(std::move(parts), 0, end_, false, std::make_pair(std::size_t{0}, end_));
}

}  // namespace iw::hcl

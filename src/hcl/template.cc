// The native syntax: templates — quoted strings, heredocs, interpolation `${}` and the
// directives `%{if}`/`%{else}`/`%{endif}` and `%{for}`/`%{endfor}`, with `~` strip markers.
#include "hcl/parser.h"

namespace iw::hcl {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Removes the whitespace that ends the last literal part (a `${~` or `%{~` strip marker).
void strip_trailing(std::vector<TemplatePart>& parts) {
  if (parts.empty() || parts.back().kind != TemplatePart::Kind::literal) return;
  std::string& t = parts.back().text;
  while (!t.empty() && is_blank(t.back())) t.pop_back();
}

}  // namespace

void Parser::decode_escape(std::string& out) {
  std::size_t begin = i_++;  // the backslash
  char c = peek();
  ++i_;
  switch (c) {
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case '"': out += '"'; return;
    case '\\': out += '\\'; return;
    case 'u':
    case 'U': {
      std::size_t digits = c == 'u' ? 4 : 8;
      std::uint32_t cp = 0;
      for (std::size_t k = 0; k < digits; ++k) {
        char h = peek();
        int v = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
        if (v < 0) fail("expected " + std::to_string(digits) + " hexadecimal digits after \\" + std::string(1, c), begin);
        cp = cp * 16 + static_cast<std::uint32_t>(v);
        ++i_;
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail("invalid Unicode code point in escape", begin);
      append_utf8(out, cp);
      return;
    }
    default:
      fail(at_end() ? "unterminated escape sequence" : "invalid escape sequence \\" + std::string(1, c), begin);
  }
}

ExprPtr Parser::make_template(std::vector<TemplatePart> parts, std::size_t begin, std::size_t end,
                              bool heredoc, std::optional<std::pair<std::size_t, std::size_t>> verbatim) {
  strip_next_ = false;  // a `~}` at the very end strips nothing outside the template
  auto e = std::make_shared<Expr>();
  e->where = range(begin, end);
  e->heredoc = heredoc;
  bool literal_only = true;
  for (const auto& p : parts)
    if (p.kind != TemplatePart::Kind::literal) literal_only = false;
  if (!literal_only) {
    e->kind = ExprKind::template_;
    e->parts = std::move(parts);
    return e;
  }
  std::string text;
  for (const auto& p : parts) text += p.text;
  e->kind = ExprKind::literal;
  e->value = Value::from_string(std::move(text), e->where);
  // A literal whose bytes are exactly its source: a caller parsing it (JSON) can locate into it.
  if (verbatim && !fixed_ && verbatim->second - verbatim->first == e->value.text.size() &&
      text_.substr(verbatim->first, verbatim->second - verbatim->first) == e->value.text) {
    e->value.text_origin = pos_at(verbatim->first);
    e->value.origin_source = source_;
  }
  return e;
}

ExprPtr Parser::parse_quoted() {
  DepthGuard guard(*this);
  std::size_t begin = i_++;
  std::vector<TemplatePart> parts;
  TemplateMode mode;
  mode.quoted = true;
  std::string stop = parse_parts(parts, mode, {});
  if (!stop.empty()) fail_here("%{" + stop + "} without a matching opening directive");
  if (peek() != '"') fail(at_end() ? "unterminated string" : "unterminated string: a quoted string cannot span lines (use a heredoc)", begin);
  ++i_;
  return make_template(std::move(parts), begin, i_, false, std::make_pair(begin + 1, i_ - 1));
}

ExprPtr Parser::parse_heredoc() {
  DepthGuard guard(*this);
  std::size_t begin = i_;
  i_ += 2;
  bool flush = peek() == '-';
  if (flush) ++i_;
  std::string marker = identifier();
  if (marker.empty()) fail_here("expected a heredoc marker name after '<<'");
  while (peek() == ' ' || peek() == '\t' || peek() == '\r') ++i_;
  if (peek() != '\n') fail_here("expected a line break after the heredoc marker " + marker);
  std::size_t body = ++i_;
  // Find the closing line: only whitespace and the marker.
  std::size_t line = body, close = std::string_view::npos, after = 0;
  std::size_t min_indent = std::string::npos;
  while (line < end_) {
    std::size_t eol = text_.find('\n', line);
    if (eol == std::string_view::npos || eol > end_) eol = end_;
    std::size_t k = line;
    while (k < eol && (text_[k] == ' ' || text_[k] == '\t')) ++k;
    std::size_t stop = eol;
    while (stop > k && (text_[stop - 1] == '\r' || text_[stop - 1] == ' ' || text_[stop - 1] == '\t')) --stop;
    if (text_.substr(k, stop - k) == marker) {
      close = line;
      after = stop;
      break;
    }
    if (stop > k) min_indent = std::min(min_indent, k - line);
    line = eol + 1;
  }
  if (close == std::string_view::npos) fail("heredoc " + marker + " has no closing line '" + marker + "'", begin);
  TemplateMode mode;
  if (flush && min_indent != std::string::npos) mode.strip = min_indent;
  std::size_t saved_end = end_;
  end_ = close;
  std::vector<TemplatePart> parts;
  std::string stop = parse_parts(parts, mode, {});
  if (!stop.empty()) fail_here("%{" + stop + "} without a matching opening directive");
  end_ = saved_end;
  i_ = after;
  std::optional<std::pair<std::size_t, std::size_t>> verbatim;
  if (mode.strip == 0) verbatim = std::make_pair(body, close);
  return make_template(std::move(parts), begin, after, true, verbatim);
}

std::string Parser::parse_parts(std::vector<TemplatePart>& parts, const TemplateMode& mode,
                                std::initializer_list<std::string_view> stops) {
  std::string literal;
  std::size_t literal_begin = i_;
  bool line_start = true;
  auto flush = [&] {
    if (!literal.empty()) {
      TemplatePart p;
      p.text = std::move(literal);
      p.where = range(literal_begin, i_);
      parts.push_back(std::move(p));
    }
    literal.clear();
  };
  for (;;) {
    if (at_end()) break;
    char c = peek();
    if (mode.quoted && c == '"') break;
    if (mode.quoted && c == '\n') break;  // reported by parse_quoted
    if (strip_next_) {
      if (is_blank(c)) {
        ++i_;
        continue;
      }
      strip_next_ = false;
    }
    if (line_start && mode.strip > 0) {
      for (std::size_t k = 0; k < mode.strip && (peek() == ' ' || peek() == '\t'); ++k) ++i_;
      line_start = false;
      continue;
    }
    line_start = false;
    if (literal.empty()) literal_begin = i_;
    if ((c == '$' || c == '%') && peek(1) == c && peek(2) == '{') {  // $${ and %%{ escape
      literal += c;
      literal += '{';
      i_ += 3;
    } else if (c == '$' && peek(1) == '{') {
      flush();
      parse_interpolation(parts, i_);
    } else if (c == '%' && peek(1) == '{') {
      flush();
      std::string stopped = parse_directive(parts, mode, stops, i_);
      if (!stopped.empty()) return stopped;
    } else if (mode.quoted && c == '\\') {
      decode_escape(literal);
    } else {
      literal += c;
      ++i_;
      if (c == '\n') line_start = true;
    }
  }
  flush();
  return {};
}

void Parser::parse_interpolation(std::vector<TemplatePart>& parts, std::size_t begin) {
  DepthGuard guard(*this);
  NewlineMode mode(*this, true);
  i_ += 2;
  if (peek() == '~') {
    ++i_;
    strip_trailing(parts);
  }
  skip_space(true);
  TemplatePart part;
  part.kind = TemplatePart::Kind::interpolation;
  part.expr = parse_expr();
  skip_space(true);
  if (peek() == '~') {
    ++i_;
    strip_next_ = true;
  }
  expect('}', "'}' to close the interpolation");
  part.where = range(begin, i_);
  parts.push_back(std::move(part));
}

// Reads `%{` [~] keyword; leaves the cursor after the keyword.
std::string Parser::directive_keyword() {
  i_ += 2;
  if (peek() == '~') ++i_;
  skip_space(true);
  return identifier();
}

// Reads the rest of a directive: [~] `}`.
void Parser::close_directive() {
  skip_space(true);
  if (peek() == '~') {
    ++i_;
    strip_next_ = true;
  }
  expect('}', "'}' to close the template directive");
}

std::string Parser::parse_directive(std::vector<TemplatePart>& parts, const TemplateMode& mode,
                                    std::initializer_list<std::string_view> stops, std::size_t begin) {
  DepthGuard guard(*this);
  NewlineMode nl(*this, true);
  if (peek(2) == '~') strip_trailing(parts);
  std::string keyword = directive_keyword();
  for (auto s : stops) {
    if (keyword == s) {
      close_directive();
      return keyword;
    }
  }
  TemplatePart part;
  if (keyword == "if") {
    part.kind = TemplatePart::Kind::if_;
    skip_space(true);
    part.expr = parse_expr();
    close_directive();
    std::string stop = parse_parts(part.then_parts, mode, {"else", "endif"});
    if (stop == "else") stop = parse_parts(part.else_parts, mode, {"endif"});
    if (stop != "endif") fail("%{if} without a matching %{endif}", begin);
  } else if (keyword == "for") {
    part.kind = TemplatePart::Kind::for_;
    skip_space(true);
    std::string first = identifier();
    if (first.empty()) fail_here("expected a variable name after %{for");
    skip_space(true);
    if (peek() == ',') {
      ++i_;
      skip_space(true);
      part.key_var = first;
      part.value_var = identifier();
      if (part.value_var.empty()) fail_here("expected a second variable name after ','");
      skip_space(true);
    } else {
      part.value_var = first;
    }
    if (identifier() != "in") fail_here("expected 'in' in the %{for} directive");
    skip_space(true);
    part.expr = parse_expr();
    close_directive();
    if (parse_parts(part.then_parts, mode, {"endfor"}) != "endfor") fail("%{for} without a matching %{endfor}", begin);
  } else if (keyword.empty()) {
    fail_here("expected a template directive keyword (if, for) after %{");
  } else {
    fail("unexpected template directive %{" + keyword + "}", begin);
  }
  part.where = range(begin, i_);
  parts.push_back(std::move(part));
  return {};
}

}  // namespace iw::hcl

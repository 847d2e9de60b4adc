// The recursive-descent parser of HCL's native syntax (internal to src/hcl).
//
// It reads characters directly (templates and heredocs make HCL's tokens depend on context).
// Every recursion goes through a depth guard (Limits::max_depth); every loop consumes input,
// so parsing is linear in the input and bounded in stack. Errors are thrown as SyntaxError
// inside the parser and turned into ParseError at the interface (parse.cc).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"
#include "hcl/hcl.h"

namespace iw::hcl {

struct SyntaxError {
  std::string message;
  std::size_t offset;
};

class Parser {
 public:
  // Parses `source` (named `file`, interned). Comments go to `comments` when non-null. When
  // `fixed` is set, every position is `fixed` (a .tf.json string parsed as a template: its
  // parts are located at the string).
  Parser(std::shared_ptr<const SourceText> source, std::string_view file, const Limits& limits,
         std::vector<Comment>* comments, std::optional<Pos> fixed = std::nullopt);

  Body parse_file_body();
  ExprPtr parse_whole_expression();
  ExprPtr parse_whole_template();

 private:
  // --- scanning (parser.cc) ---
  char peek(std::size_t k = 0) const { return i_ + k < end_ ? text_[i_ + k] : '\0'; }
  bool at_end() const { return i_ >= end_; }
  bool looking_at(std::string_view s) const;
  void skip_space(bool newlines);
  void skip_ws() { skip_space(nl_); }
  void record_comment(std::size_t begin, std::size_t end);
  bool is_id_start(char c) const;
  bool is_id_char(char c) const;
  std::string identifier();
  [[noreturn]] void fail(std::string message, std::size_t offset) const;
  [[noreturn]] void fail_here(std::string message) const;
  void expect(char c, std::string_view what);
  Pos pos_at(std::size_t offset) const;
  Range range(std::size_t begin, std::size_t end) const;
  void end_of_line(std::string_view what);

  // --- structure (parser.cc) ---
  Body parse_body(bool top, std::size_t begin);
  Block parse_block(std::string type, std::size_t begin);

  // --- expressions (expr.cc) ---
  ExprPtr parse_expr();
  ExprPtr parse_binary(int min_level);
  ExprPtr parse_unary();
  ExprPtr parse_term();
  ExprPtr parse_postfix(ExprPtr term, std::size_t begin);
  ExprPtr parse_number();
  ExprPtr parse_word();
  ExprPtr parse_call(std::string name, std::size_t begin);
  ExprPtr parse_tuple();
  ExprPtr parse_object();
  ExprPtr parse_for(bool object, std::size_t begin);
  ExprPtr parse_parens();

  // --- templates (template.cc) ---
  ExprPtr parse_quoted();
  ExprPtr parse_heredoc();
  struct TemplateMode {
    bool quoted = false;   // stop at `"`, decode backslash escapes, no line breaks
    std::size_t strip = 0; // heredoc <<-: leading whitespace removed from each line
  };
  // Parses parts until the end of input (end_), a closing quote (quoted), or a directive
  // keyword in `stops`; returns the keyword that stopped it ("" at the end).
  std::string parse_parts(std::vector<TemplatePart>& parts, const TemplateMode& mode,
                          std::initializer_list<std::string_view> stops);
  void parse_interpolation(std::vector<TemplatePart>& parts, std::size_t begin);
  std::string parse_directive(std::vector<TemplatePart>& parts, const TemplateMode& mode,
                              std::initializer_list<std::string_view> stops, std::size_t begin);
  std::string directive_keyword();
  void close_directive();
  void decode_escape(std::string& out);
  ExprPtr make_template(std::vector<TemplatePart> parts, std::size_t begin, std::size_t end,
                        bool heredoc, std::optional<std::pair<std::size_t, std::size_t>> verbatim);

  struct DepthGuard {
    explicit DepthGuard(Parser& p);
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };
  struct NewlineMode {
    NewlineMode(Parser& parser, bool ignore) : p(parser), saved(parser.nl_) { parser.nl_ = ignore; }
    ~NewlineMode() { p.nl_ = saved; }
    Parser& p;
    bool saved;
  };

  std::shared_ptr<const SourceText> source_;
  std::string_view text_;
  std::string_view file_;
  Limits limits_;
  std::vector<Comment>* comments_;
  std::optional<Pos> fixed_;
  std::size_t i_ = 0;
  std::size_t end_ = 0;
  std::size_t depth_ = 0;
  bool nl_ = false;        // newlines are whitespace here (inside brackets, parentheses, ${})
  bool strip_next_ = false;  // a `~}` asked to strip the whitespace that starts the next literal
};

}  // namespace iw::hcl

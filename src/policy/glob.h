// IAM wildcard patterns (`*` = any run of code points, `?` = exactly one), compiled once and
// matched in time linear in the input (bit-parallel NFA simulation: O(n * ceil(m / 64)) for
// an input of n code points and a pattern of m; no backtracking, no std::regex).
//
// Three dialects, per aws-evaluation-semantics.md:
//   - plain:       every wildcard matches any character (Action, StringLike, ArnLike's 6th part);
//   - resource:    the Resource/NotResource element (§4.3): in the ARN's first five components
//                  `?` and a `*` that does not end its component never match ':'; a `*` that ends
//                  a component may; after the pattern's fifth ':' wildcards match anything;
//   - arn_like:    ArnLike/ArnEquals (§5.3): both sides split at their first five colons, each
//                  component globbed separately; fewer than six components never match.
// Case folding (ASCII only) is an option of plain patterns (Action matching).
// A Glob is immutable after construction and safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace iw {

enum class GlobDialect : std::uint8_t { plain, resource };

// A piece of a pattern: wildcard text, or literal text in which `*` and `?` are ordinary
// characters (the value substituted for a policy variable, §6).
struct GlobPiece {
  std::string_view text;
  bool literal = false;
};

class Glob {
 public:
  Glob() = default;
  // Compiles `pattern` (wildcards active everywhere).
  explicit Glob(std::string_view pattern, GlobDialect dialect = GlobDialect::plain,
                bool ignore_case = false);
  // Compiles the concatenation of `pieces`; wildcards are active only in non-literal pieces.
  // Component boundaries (resource dialect) are the ':' characters of every piece.
  Glob(const std::vector<GlobPiece>& pieces, GlobDialect dialect, bool ignore_case = false);

  bool matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }
  bool is_match_all() const { return kind_ == Kind::all; }

 private:
  enum class Kind : std::uint8_t { all, exact, prefix, nfa };  // prefix: "abc*"
  struct Token {
    char32_t cp;     // literal code point (already folded when ignore_case)
    bool any;        // '?'
    bool colon_ok;   // for '?': may match ':' (resource dialect)
  };
  using Word = std::uint64_t;

  void compile(const std::vector<GlobPiece>& pieces, GlobDialect dialect);
  bool match_nfa(std::string_view text) const;
  void add_mask(std::vector<Word>& mask, std::size_t bit) const;

  std::string pattern_;
  Kind kind_ = Kind::exact;
  bool ignore_case_ = false;
  std::size_t words_ = 1;
  std::size_t states_ = 0;                 // tokens + 1
  std::vector<Token> tokens_;
  std::vector<Word> ascii_masks_;          // 128 * words_: tokens matching each ASCII char
  std::vector<Word> any_mask_;             // tokens that are '?'
  std::vector<Word> loop_;                 // states with a '*' self-loop
  std::vector<Word> loop_colon_;           // states whose '*' may consume ':'
  std::vector<std::pair<char32_t, std::vector<Word>>> wide_masks_;  // non-ASCII literals
};

// ArnLike matching (§5.3): true when `value` matches `pattern` component by component.
bool arn_like_match(std::string_view pattern, std::string_view value);

// Splits an ARN-like string at its first five colons into six components; false when it has
// fewer than five colons.
bool split_arn6(std::string_view s, std::array<std::string_view, 6>& parts);

}  // namespace iw

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
#include <span>
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
  Glob(std::span<const GlobPiece> pieces, GlobDialect dialect, bool ignore_case = false);

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

  void compile(std::span<const GlobPiece> pieces, GlobDialect dialect);
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

// One-shot matching without compiling: '*' any run, '?' one byte, ASCII case folding when
// `ignore_case`. No allocation; time O(|pattern| * |text|) at worst (one backtrack point).
// For ASCII text (action names, IAM names) it agrees with Glob; use Glob for anything that
// may hold multi-byte characters, or to match one pattern many times. `Text` is any type
// with size() and operator[] (e.g. a string split in two, read in place).
template <typename Text>
bool glob_match(std::string_view pattern, const Text& text, bool ignore_case) {
  const auto same = [ignore_case](char a, char b) {
    if (ignore_case) {
      a = (a >= 'A' && a <= 'Z') ? static_cast<char>(a + 32) : a;
      b = (b >= 'A' && b <= 'Z') ? static_cast<char>(b + 32) : b;
    }
    return a == b;
  };
  std::size_t p = 0, t = 0, star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;  // let the last '*' absorb one more character
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

inline bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case = false) {
  return glob_match<std::string_view>(pattern, text, ignore_case);
}

// ArnLike matching (§5.3): true when `value` matches `pattern` component by component.
bool arn_like_match(std::string_view pattern, std::string_view value);

// Splits an ARN-like string at its first five colons into six components; false when it has
// fewer than five colons.
bool split_arn6(std::string_view s, std::array<std::string_view, 6>& parts);

}  // namespace iw

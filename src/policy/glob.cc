#include "policy/glob.h"

#include <array>

#include "core/strings.h"
#include "policy/utf8.h"

namespace iw {

namespace {

constexpr std::size_t kBits = 64;

char32_t fold(char32_t c, bool ignore_case) {
  return (ignore_case && c >= 'A' && c <= 'Z') ? c + 32 : c;
}

bool has_wildcard(std::span<const GlobPiece> pieces) {
  for (const auto& p : pieces) {
    if (!p.literal && p.text.find_first_of("*?") != std::string_view::npos) return true;
  }
  return false;
}

// One non-literal piece "text*" whose only wildcard is the final '*'. That '*' ends its
// component, so even in the resource dialect it matches any rest, ':' included (§4.3).
bool is_prefix_pattern(std::span<const GlobPiece> pieces) {
  if (pieces.size() != 1 || pieces[0].literal) return false;
  const std::string_view p = pieces[0].text;
  return p.size() >= 2 && p.back() == '*' && p.find_first_of("*?") == p.size() - 1;
}

void set_bit(std::vector<std::uint64_t>& v, std::size_t bit) { v[bit / kBits] |= 1ull << (bit % kBits); }

}  // namespace

Glob::Glob(std::string_view pattern, GlobDialect dialect, bool ignore_case)
    : Glob(std::array<GlobPiece, 1>{{{pattern, false}}}, dialect, ignore_case) {}

Glob::Glob(std::span<const GlobPiece> pieces, GlobDialect dialect, bool ignore_case) : ignore_case_(ignore_case) {
  const auto lower = [&] {
    if (ignore_case_) {
      for (char& c : pattern_) c = ascii_lower(c);
    }
  };
  for (const auto& p : pieces) pattern_ += p.text;
  if (pieces.size() == 1 && !pieces[0].literal && pattern_ == "*") {
    kind_ = Kind::all;
  } else if (!has_wildcard(pieces)) {
    kind_ = Kind::exact;
    lower();
  } else if (is_prefix_pattern(pieces)) {
    kind_ = Kind::prefix;
    pattern_.pop_back();  // the trailing '*'
    lower();
  } else {
    kind_ = Kind::nfa;
    compile(pieces, dialect);
  }
}

void Glob::compile(std::span<const GlobPiece> pieces, GlobDialect dialect) {
  // First pass: tokens, and for each state whether a '*' loops on it (and may cross ':').
  std::vector<bool> loop{false}, loop_colon{false};
  std::size_t colons = 0;
  for (std::size_t p = 0; p < pieces.size(); ++p) {
    const std::string_view text = pieces[p].text;
    for (std::size_t i = 0; i < text.size();) {
      const bool wild = !pieces[p].literal;
      const bool in_arn_head = dialect == GlobDialect::resource && colons < 5;
      if (wild && text[i] == '*') {
        ++i;
        // Does this '*' end its component (next char ':' or end of the whole pattern)?
        bool ends_component = false;
        if (i < text.size()) {
          ends_component = text[i] == ':';
        } else {
          std::size_t q = p + 1;
          while (q < pieces.size() && pieces[q].text.empty()) ++q;
          ends_component = q == pieces.size() || pieces[q].text[0] == ':';
        }
        loop.back() = true;
        if (!in_arn_head || ends_component) loop_colon.back() = true;
        continue;
      }
      const char32_t cp = next_code_point(text, i);
      const bool any = wild && cp == '?';
      if (!any && cp == ':') ++colons;
      tokens_.push_back({fold(cp, ignore_case_), any, any && !in_arn_head});
      loop.push_back(false);
      loop_colon.push_back(false);
    }
  }
  states_ = tokens_.size() + 1;
  words_ = (states_ + kBits - 1) / kBits;
  ascii_masks_.assign(128 * words_, 0);
  any_mask_.assign(words_, 0);
  loop_.assign(words_, 0);
  loop_colon_.assign(words_, 0);
  for (std::size_t s = 0; s < states_; ++s) {
    if (loop[s]) set_bit(loop_, s);
    if (loop_colon[s]) set_bit(loop_colon_, s);
  }
  for (std::size_t t = 0; t < tokens_.size(); ++t) {
    const Token& tok = tokens_[t];
    if (tok.any) {
      set_bit(any_mask_, t);
      for (std::size_t c = 0; c < 128; ++c) {
        if (c != ':' || tok.colon_ok) ascii_masks_[c * words_ + t / kBits] |= 1ull << (t % kBits);
      }
    } else if (tok.cp < 128) {
      ascii_masks_[tok.cp * words_ + t / kBits] |= 1ull << (t % kBits);
    } else {
      auto it = wide_masks_.begin();
      while (it != wide_masks_.end() && it->first != tok.cp) ++it;
      if (it == wide_masks_.end()) {
        wide_masks_.emplace_back(tok.cp, any_mask_);  // '?' tokens seen so far; fixed below
        it = wide_masks_.end() - 1;
      }
      set_bit(it->second, t);
    }
  }
  // Every non-ASCII mask also holds all '?' tokens.
  for (auto& [cp, mask] : wide_masks_) {
    for (std::size_t w = 0; w < words_; ++w) mask[w] |= any_mask_[w];
  }
}

bool Glob::matches(std::string_view text) const {
  switch (kind_) {
    case Kind::all: return true;
    case Kind::exact: return ignore_case_ ? iequals(text, pattern_) : text == pattern_;
    case Kind::prefix:
      return text.size() >= pattern_.size() &&
             (ignore_case_ ? iequals(text.substr(0, pattern_.size()), pattern_)
                           : text.substr(0, pattern_.size()) == pattern_);
    case Kind::nfa: return match_nfa(text);
  }
  return false;
}

bool Glob::match_nfa(std::string_view text) const {
  const std::size_t accept = states_ - 1;
  if (words_ == 1) {
    std::uint64_t d = 1;  // state 0
    for (std::size_t i = 0; i < text.size() && d != 0;) {
      const auto byte = static_cast<unsigned char>(text[i]);
      std::uint64_t m;
      char32_t cp;
      if (byte < 0x80) {
        cp = fold(byte, ignore_case_);
        ++i;
        m = ascii_masks_[cp];
      } else {
        cp = next_code_point(text, i);
        m = any_mask_[0];
        for (const auto& [wc, mask] : wide_masks_) {
          if (wc == cp) { m = mask[0]; break; }
        }
      }
      d = ((d & m) << 1) | (d & (cp == ':' ? loop_colon_[0] : loop_[0]));
    }
    return (d >> accept) & 1u;
  }
  std::vector<std::uint64_t> d(words_, 0), next(words_, 0);
  d[0] = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::uint64_t* m;
    char32_t cp;
    if (byte < 0x80) {
      cp = fold(byte, ignore_case_);
      ++i;
      m = &ascii_masks_[cp * words_];
    } else {
      cp = next_code_point(text, i);
      m = any_mask_.data();
      for (const auto& [wc, mask] : wide_masks_) {
        if (wc == cp) { m = mask.data(); break; }
      }
    }
    const auto& loop = cp == ':' ? loop_colon_ : loop_;
    std::uint64_t carry = 0, alive = 0;
    for (std::size_t w = 0; w < words_; ++w) {
      const std::uint64_t moved = d[w] & m[w];
      next[w] = (moved << 1) | carry | (d[w] & loop[w]);
      carry = moved >> (kBits - 1);
      alive |= next[w];
    }
    d.swap(next);
    if (alive == 0) return false;
  }
  return (d[accept / kBits] >> (accept % kBits)) & 1u;
}

bool split_arn6(std::string_view s, std::array<std::string_view, 6>& parts) {
  std::size_t start = 0;
  for (std::size_t k = 0; k < 5; ++k) {
    const std::size_t colon = s.find(':', start);
    if (colon == std::string_view::npos) return false;
    parts[k] = s.substr(start, colon - start);
    start = colon + 1;
  }
  parts[5] = s.substr(start);
  return true;
}

bool arn_like_match(std::string_view pattern, std::string_view value) {
  std::array<std::string_view, 6> p, v;
  if (!split_arn6(pattern, p) || !split_arn6(value, v)) return false;
  for (std::size_t k = 0; k < 6; ++k) {
    if (!Glob(p[k]).matches(v[k])) return false;
  }
  return true;
}

}  // namespace iw

#include "reference/glob_classes_reference.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/strings.h"

namespace iw::reference {

namespace {

using reason::GlobKind;

struct Tok {
  enum Kind : std::uint8_t { lit, any, star } kind = lit;
  char c = 0;
  bool icase = false;
  bool no_colon = false;
};
using Pattern = std::vector<Tok>;

bool accepts(const Tok& t, char c) {
  if (t.kind == Tok::lit) return t.c == c || (t.icase && ascii_lower(t.c) == ascii_lower(c));
  return !(t.no_colon && c == ':');
}

void close(const Pattern& p, std::vector<bool>& set) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (set[i] && p[i].kind == Tok::star) set[i + 1] = true;
  }
}

void append(Pattern& out, std::string_view text, bool wild, bool icase, bool no_colon) {
  for (char c : text) {
    if (wild && c == '*') out.push_back({Tok::star, 0, false, no_colon});
    else if (wild && c == '?') out.push_back({Tok::any, 0, false, no_colon});
    else out.push_back({Tok::lit, c, icase, false});
  }
}

std::optional<Pattern> arn_pattern(std::string_view text) {
  std::vector<std::string_view> comps;
  for (int k = 0; k < 5; ++k) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    comps.push_back(text.substr(0, colon));
    text.remove_prefix(colon + 1);
  }
  comps.push_back(text);
  Pattern p;
  for (std::size_t k = 0; k < 6; ++k) {
    if (k > 0) p.push_back({Tok::lit, ':', false, false});
    append(p, comps[k], true, false, k < 5);
  }
  return p;
}

Pattern pattern_of(const reason::GlobSpec& g) {
  Pattern p;
  switch (g.kind) {
    case GlobKind::plain: append(p, g.text, true, false, false); break;
    case GlobKind::icase: append(p, g.text, true, true, false); break;
    case GlobKind::literal: append(p, g.text, false, false, false); break;
    case GlobKind::arn_like:
      if (auto a = arn_pattern(g.text)) p = std::move(*a);
      else p.push_back({Tok::lit, '\0', false, false});
      break;
    case GlobKind::resource: {
      std::size_t colons = 0;
      for (std::size_t i = 0; i < g.text.size(); ++i) {
        const char c = g.text[i];
        const bool ends = i + 1 == g.text.size() || g.text[i + 1] == ':';
        if (c == '*') p.push_back({Tok::star, 0, false, colons < 5 && !ends});
        else if (c == '?') p.push_back({Tok::any, 0, false, colons < 5});
        else p.push_back({Tok::lit, c, false, false});
        colons += c == ':' ? 1 : 0;
      }
      break;
    }
    case GlobKind::arn_shape:
      append(p, "arn:", false, false, false);
      p.push_back({Tok::star, 0, false, true});
      p.push_back({Tok::lit, ':', false, false});
      p.push_back({Tok::any, 0, false, true});
      for (int k = 0; k < 3; ++k) {
        p.push_back({Tok::star, 0, false, true});
        p.push_back({Tok::lit, ':', false, false});
      }
      p.push_back({Tok::star, 0, false, false});
      break;
    case GlobKind::action_shape:
      p.push_back({Tok::any, 0, false, true});
      p.push_back({Tok::star, 0, false, true});
      p.push_back({Tok::lit, ':', false, false});
      p.push_back({Tok::any, 0, false, true});
      p.push_back({Tok::star, 0, false, true});
      break;
  }
  return p;
}

}  // namespace

std::vector<reason::GlobClass> glob_classes(const std::vector<reason::GlobSpec>& specs, bool& complete) {
  std::vector<Pattern> patterns;
  for (const reason::GlobSpec& g : specs) patterns.push_back(pattern_of(g));
  std::string alphabet;
  for (const Pattern& p : patterns) {
    for (const Tok& t : p) {
      if (t.kind != Tok::lit) continue;
      for (char c : {t.c, t.icase ? ascii_lower(t.c) : t.c, t.icase ? ascii_upper(t.c) : t.c}) {
        if (alphabet.find(c) == std::string::npos) alphabet += c;
      }
    }
  }
  if (alphabet.find(':') == std::string::npos) alphabet += ':';
  for (char filler : std::string_view("x0-_.~#")) {
    if (alphabet.find(filler) == std::string::npos) {
      alphabet += filler;
      break;
    }
  }
  struct State {
    std::vector<std::vector<bool>> sets;
    std::int32_t parent = -1;
    char via = 0;
  };
  const auto key_of = [](const State& s) {
    std::string k;
    for (const auto& set : s.sets) {
      for (bool b : set) k += b ? '1' : '0';
      k += '|';
    }
    return k;
  };
  const auto signature = [&](const State& s) {
    std::string v;
    for (std::size_t i = 0; i < patterns.size(); ++i) v += s.sets[i].back() ? '1' : '0';
    return v;
  };
  const auto text_of = [](const std::vector<State>& states, std::int32_t i) {
    std::string s;
    for (; states[static_cast<std::size_t>(i)].parent >= 0; i = states[static_cast<std::size_t>(i)].parent) {
      s += states[static_cast<std::size_t>(i)].via;
    }
    std::reverse(s.begin(), s.end());
    return s;
  };
  constexpr std::size_t kMaxStates = 4096;
  std::vector<State> states;
  std::unordered_map<std::string, std::int32_t> seen;
  std::set<std::string> classes;
  std::vector<reason::GlobClass> out;
  State start;
  for (const Pattern& p : patterns) {
    std::vector<bool> set(p.size() + 1, false);
    set[0] = true;
    close(p, set);
    start.sets.push_back(std::move(set));
  }
  seen.emplace(key_of(start), 0);
  states.push_back(std::move(start));
  complete = true;
  for (std::size_t head = 0; head < states.size(); ++head) {
    if (std::string sig = signature(states[head]); classes.insert(sig).second) {
      out.push_back({text_of(states, static_cast<std::int32_t>(head)), std::move(sig)});
    }
    for (char c : alphabet) {
      State next;
      bool alive = false;
      for (std::size_t i = 0; i < patterns.size(); ++i) {
        const Pattern& p = patterns[i];
        const std::vector<bool>& cur = states[head].sets[i];
        std::vector<bool> set(p.size() + 1, false);
        for (std::size_t j = 0; j < p.size(); ++j) {
          if (!cur[j] || !accepts(p[j], c)) continue;
          set[p[j].kind == Tok::star ? j : j + 1] = true;
        }
        close(p, set);
        alive = alive || std::find(set.begin(), set.end(), true) != set.end();
        next.sets.push_back(std::move(set));
      }
      if (!alive && classes.contains(std::string(patterns.size(), '0'))) continue;
      const std::string k = key_of(next);
      if (seen.contains(k)) continue;
      if (states.size() >= kMaxStates) {
        complete = false;
        break;
      }
      next.parent = static_cast<std::int32_t>(head);
      next.via = c;
      seen.emplace(k, static_cast<std::int32_t>(states.size()));
      states.push_back(std::move(next));
    }
  }
  return out;
}

}  // namespace iw::reference

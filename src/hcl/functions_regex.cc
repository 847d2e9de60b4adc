// Regular-expression functions with RE2 (Terraform's patterns are Go's RE2 syntax): regex,
// regexall, and replace() with a /pattern/. RE2 runs in time linear in the input.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "hcl/functions.h"

namespace iw::hcl {

namespace {

std::unique_ptr<RE2> compile(const std::string& pattern, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) {
    error = "invalid regular expression: " + re->error();
    return nullptr;
  }
  return re;
}

// One match as Terraform returns it: the whole match without groups, an object of named
// groups, or a list of the groups.
Value match_value(const RE2& re, const std::vector<re2::StringPiece>& groups, Range where) {
  int n = re.NumberOfCapturingGroups();
  if (n == 0) return Value::from_string(std::string(groups[0]), where);
  const auto& names = re.CapturingGroupNames();
  if (!names.empty()) {
    std::vector<Member> members;
    for (const auto& [index, name] : names) {
      members.push_back(Member{name, where, Value::from_string(std::string(groups[static_cast<std::size_t>(index)]), where)});
    }
    return Value::object(std::move(members), where);
  }
  std::vector<Value> items;
  for (int k = 1; k <= n; ++k) items.push_back(Value::from_string(std::string(groups[static_cast<std::size_t>(k)]), where));
  return Value::tuple(std::move(items), where);
}

// All non-overlapping matches of `re` in `text`, as Go's FindAll does.
Value matches(const RE2& re, const std::string& text, Range where, bool all, Evaluator& evaluator) {
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1);
  std::vector<Value> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    if (!re.Match(text, at, text.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) break;
    out.push_back(match_value(re, groups, where));
    if (!all) return out.back();
    std::size_t end = static_cast<std::size_t>(groups[0].data() - text.data()) + groups[0].size();
    at = groups[0].empty() ? end + 1 : end;
    if (!evaluator.spend() || out.size() > evaluator.options().max_elements) return evaluator.over_budget(where);
  }
  if (!all) return error_value("regex(): the pattern does not match the string", where);
  return Value::tuple(std::move(out), where);
}

Value regex_fn(Call& c, bool all) {
  auto pattern = as_string(c.args[0]);
  auto text = as_string(c.args[1]);
  if (!pattern || !text) return error_value(std::string(all ? "regexall" : "regex") + "() needs two strings", c.where);
  std::string error;
  auto re = compile(*pattern, error);
  if (!re) return error_value(error, c.where);
  return matches(*re, *text, c.where, all, c.evaluator);
}

// Go's replacement syntax ($1, ${1}, ${name}, $$) as an RE2 rewrite (\1, \\).
std::optional<std::string> rewrite_of(const RE2& re, const std::string& repl) {
  std::string out;
  const auto& names = re.NamedCapturingGroups();
  for (std::size_t k = 0; k < repl.size(); ++k) {
    char ch = repl[k];
    if (ch == '\\') {
      out += "\\\\";
    } else if (ch == '$' && k + 1 < repl.size() && repl[k + 1] == '$') {
      out += '$';
      ++k;
    } else if (ch == '$') {
      std::string name;
      std::size_t j = k + 1;
      bool braced = j < repl.size() && repl[j] == '{';
      if (braced) ++j;
      while (j < repl.size() && (std::isalnum(static_cast<unsigned char>(repl[j])) || repl[j] == '_')) name += repl[j++];
      if (braced) {
        if (j >= repl.size() || repl[j] != '}') return std::nullopt;
        ++j;
      }
      if (name.empty()) {
        out += '$';
        continue;
      }
      int index = -1;
      if (std::all_of(name.begin(), name.end(), [](char d) { return d >= '0' && d <= '9'; })) {
        index = name.size() > 3 ? 1000 : std::stoi(name);
      } else if (auto it = names.find(name); it != names.end()) {
        index = it->second;
      }
      // Go expands an unknown group to nothing.
      if (index >= 0 && index <= re.NumberOfCapturingGroups() && index <= 9) out += "\\" + std::to_string(index);
      k = j - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

Value regex_replace(const std::string& text, const std::string& pattern, const std::string& repl, Range where) {
  std::string error;
  auto re = compile(pattern, error);
  if (!re) return error_value("replace(): " + error, where);
  auto rewrite = rewrite_of(*re, repl);
  if (!rewrite) return error_value("replace(): invalid replacement " + repl, where);
  std::string out = text;
  RE2::GlobalReplace(&out, *re, *rewrite);
  return Value::from_string(std::move(out), where);
}

void add_regex_functions(FunctionTable& t) {
  t["regex"] = {[](Call& c) { return regex_fn(c, false); }, 2, 2};
  t["regexall"] = {[](Call& c) { return regex_fn(c, true); }, 2, 2};
}

}  // namespace iw::hcl

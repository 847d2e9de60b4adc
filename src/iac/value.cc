#include "iac/value.h"

namespace iw::iac {

const Value* Value::get(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

Value* Value::get(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->get(key));
}

void Value::set(std::string key, Value v) {
  if (Value* existing = get(key)) {
    *existing = std::move(v);
    return;
  }
  keys.push_back(std::move(key));
  items.push_back(std::move(v));
}

bool Value::has_placeholder() const { return kind == Kind::string && text.find(kMarkOpen) != std::string::npos; }

std::vector<std::string> placeholders_in(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find(kMarkOpen, pos)) != std::string_view::npos) {
    const std::size_t end = text.find(kMarkClose, pos + 1);
    if (end == std::string_view::npos) break;
    out.emplace_back(text.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

std::string replace_placeholders(std::string_view text, std::string_view with) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find(kMarkOpen, pos);
    if (open == std::string_view::npos) break;
    const std::size_t close = text.find(kMarkClose, open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    out.append(with);
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

void collect_placeholders(const Value& v, std::vector<std::string>& out) {
  if (v.kind == Value::Kind::string) {
    for (std::string& p : placeholders_in(v.text)) out.push_back(std::move(p));
  }
  for (const Value& c : v.items) collect_placeholders(c, out);
}

}  // namespace iw::iac

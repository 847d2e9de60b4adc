// The catalog over the tables compiled into the program (tools/gen-catalog.mjs), and the
// enumerations' names.
#include "catalog/catalog.h"

#include <algorithm>
#include <array>

#include "catalog/catalog_data.h"
#include "catalog/glob.h"
#include "core/strings.h"

namespace iw::catalog {

namespace {

constexpr std::array<std::string_view, 14> kKeyTypeNames = {
    "String",        "ARN",          "Bool",        "Date",
    "IPAddress",     "Numeric",      "Binary",      "ArrayOfString",
    "ArrayOfARN",    "ArrayOfBool",  "ArrayOfDate", "ArrayOfIPAddress",
    "ArrayOfNumeric", "ArrayOfBinary"};

// The glob form of a templated key name: each placeholder ("${Name}", "<key>", a final
// "/tag-key") becomes "?*", any non-empty text. "" when the name has no placeholder (or holds
// a literal '*' or '?', which the glob could not express).
std::string template_glob(std::string_view name) {
  if (detail::has_wildcard(name)) return {};
  static constexpr std::string_view kTagKey = "/tag-key";
  std::string_view body = name;
  const bool tag_key = iends_with(name, kTagKey);
  if (tag_key) body.remove_suffix(kTagKey.size() - 1);  // keep the '/'
  std::string glob;
  bool templated = tag_key;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char close = body.substr(i, 2) == "${" ? '}' : body[i] == '<' ? '>' : '\0';
    const std::size_t end = close ? body.find(close, i) : std::string_view::npos;
    if (end == std::string_view::npos) {
      glob += body[i];
      continue;
    }
    glob += "?*";
    templated = true;
    i = end;
  }
  if (tag_key) glob += "?*";
  return templated ? glob : std::string();
}

std::size_t literal_length(std::string_view glob) {
  return static_cast<std::size_t>(std::count_if(glob.begin(), glob.end(),
                                                [](char c) { return c != '*' && c != '?'; }));
}

}  // namespace

std::string_view to_string(AccessLevel level) {
  switch (level) {
    case AccessLevel::list: return "List";
    case AccessLevel::read: return "Read";
    case AccessLevel::write: return "Write";
    case AccessLevel::permissions_management: return "Permissions management";
    case AccessLevel::tagging: return "Tagging";
  }
  return "Unknown";
}

std::string_view to_string(KeyType type) {
  const auto i = static_cast<std::size_t>(type);
  return i < kKeyTypeNames.size() ? kKeyTypeNames[i] : "Unknown";
}

bool is_multivalued(KeyType type) { return type >= KeyType::array_of_string; }

KeyType base_type(KeyType type) {
  switch (type) {
    case KeyType::array_of_string: return KeyType::string;
    case KeyType::array_of_arn: return KeyType::arn;
    case KeyType::array_of_bool: return KeyType::boolean;
    case KeyType::array_of_date: return KeyType::date;
    case KeyType::array_of_ip_address: return KeyType::ip_address;
    case KeyType::array_of_numeric: return KeyType::numeric;
    case KeyType::array_of_binary: return KeyType::binary;
    default: return type;
  }
}

const Catalog& Catalog::get() {
  static const Catalog catalog;
  return catalog;
}

Catalog::Catalog()
    : version_(data::version), keys_(data::keys), actions_(data::actions), services_(data::services) {
  for (const ConditionKey& key : keys_) {
    std::string glob = template_glob(key.name);
    if (!glob.empty()) templates_.push_back({&key, std::move(glob)});
  }
  std::stable_sort(templates_.begin(), templates_.end(),
                   [](const KeyTemplate& a, const KeyTemplate& b) {
                     if (a.key->global != b.key->global) return a.key->global;
                     return literal_length(a.glob) > literal_length(b.glob);
                   });
}

Catalog::~Catalog() = default;

}  // namespace iw::catalog

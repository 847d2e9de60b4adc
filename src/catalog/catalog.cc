// Building the catalog from the embedded text (format: tools/gen-catalog.mjs) and the
// enumerations' names.
#include "catalog/catalog.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

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

[[noreturn]] void corrupt(std::string_view what) {
  throw std::runtime_error("embedded action catalog is corrupt: " + std::string(what));
}

// Splits a line at TABs into `out`; returns the number of fields (at most out.size(): the last
// field then keeps the rest of the line).
template <std::size_t N>
std::size_t split_fields(std::string_view line, std::array<std::string_view, N>& out) {
  std::size_t n = 0;
  while (n + 1 < N) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) break;
    out[n++] = line.substr(0, tab);
    line.remove_prefix(tab + 1);
  }
  out[n++] = line;
  return n;
}

std::size_t parse_number(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) corrupt("bad number");
  return value;
}

// Calls fn(number, marked) for each item of a comma-separated list "3,5!,7" ('!' = marked).
template <typename Fn>
void for_each_ref(std::string_view list, Fn&& fn) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    const bool marked = !item.empty() && item.back() == '!';
    if (marked) item.remove_suffix(1);
    fn(parse_number(item), marked);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

KeyType parse_key_type(std::string_view name) {
  for (std::size_t i = 0; i < kKeyTypeNames.size(); ++i) {
    if (kKeyTypeNames[i] == name) return static_cast<KeyType>(i);
  }
  corrupt("unknown key type");
}

AccessLevel parse_level(std::string_view code) {
  if (code.size() == 1) {
    switch (code[0]) {
      case 'L': return AccessLevel::list;
      case 'R': return AccessLevel::read;
      case 'W': return AccessLevel::write;
      case 'P': return AccessLevel::permissions_management;
      case 'T': return AccessLevel::tagging;
      default: break;
    }
  }
  corrupt("unknown access level");
}

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

Catalog::Catalog() { parse(); }
Catalog::~Catalog() = default;

// One pass over the lines. The N line gives every count up front, so each vector is reserved
// once and the spans into it never move; every count is checked before a push.
void Catalog::parse() {
  std::size_t key_ref_capacity = 0;
  std::size_t service_types = 0;  // index of the current service's first resource type
  std::size_t service_actions = 0;
  Service* service = nullptr;

  const auto take_key_refs = [&](std::string_view list) {
    const std::size_t start = key_refs_.size();
    for_each_ref(list, [&](std::size_t i, bool) {
      if (i >= keys_.size() || key_refs_.size() >= key_ref_capacity) corrupt("key reference");
      key_refs_.push_back(&keys_[i]);
    });
    return std::span<const ConditionKey* const>(key_refs_.data() + start,
                                                key_refs_.size() - start);
  };
  const auto close_service = [&] {
    if (service == nullptr) return;
    service->resource_types = std::span<const ResourceType>(
        resource_types_.data() + service_types, resource_types_.size() - service_types);
    service->actions = std::span<const Action>(actions_.data() + service_actions,
                                               actions_.size() - service_actions);
  };

  for (std::size_t c = 0; c < data::chunk_count; ++c) {
    std::string_view chunk = data::chunks[c];
    while (!chunk.empty()) {
      const std::size_t nl = chunk.find('\n');
      const std::string_view line = chunk.substr(0, nl);
      chunk.remove_prefix(nl == std::string_view::npos ? chunk.size() : nl + 1);
      std::array<std::string_view, 7> f;
      const std::size_t n = split_fields(line, f);
      const std::string_view kind = f[0];
      if (kind == "K" && n == 4) {
        if (keys_.size() == keys_.capacity()) corrupt("too many keys");
        keys_.push_back({f[1], parse_key_type(f[2]), f[3] == "1"});
      } else if (kind == "S" && n == 5) {
        close_service();
        if (services_.size() == services_.capacity()) corrupt("too many services");
        service = &services_.emplace_back();
        service->prefix = f[1];
        service->name = f[2];
        service->rcp_supported = f[3] == "1";
        service->condition_keys = take_key_refs(f[4]);
        service_types = resource_types_.size();
        service_actions = actions_.size();
      } else if (kind == "R" && n == 4 && service != nullptr) {
        if (resource_types_.size() == resource_types_.capacity()) corrupt("too many types");
        resource_types_.push_back({service->prefix, f[1], f[2], take_key_refs(f[3])});
      } else if (kind == "A" && n == 6 && service != nullptr) {
        if (actions_.size() == actions_.capacity()) corrupt("too many actions");
        Action& action = actions_.emplace_back();
        action.service = service->prefix;
        action.name = f[1];
        action.level = parse_level(f[2]);
        const std::size_t start = action_resources_.size();
        const std::size_t types = resource_types_.size() - service_types;
        for_each_ref(f[3], [&](std::size_t i, bool required) {
          if (i >= types || action_resources_.size() == action_resources_.capacity()) {
            corrupt("resource type reference");
          }
          action_resources_.push_back({&resource_types_[service_types + i], required});
        });
        action.resource_types = std::span<const ActionResource>(
            action_resources_.data() + start, action_resources_.size() - start);
        action.condition_keys = take_key_refs(f[4]);
        action.description = f[5];
      } else if (kind == "V" && n == 2) {
        version_ = f[1];
      } else if (kind == "N" && n == 7) {
        services_.reserve(parse_number(f[1]));
        actions_.reserve(parse_number(f[2]));
        resource_types_.reserve(parse_number(f[3]));
        keys_.reserve(parse_number(f[4]));
        action_resources_.reserve(parse_number(f[5]));
        key_ref_capacity = parse_number(f[6]);
        key_refs_.reserve(key_ref_capacity);
      } else {
        corrupt("unexpected line");
      }
    }
  }
  close_service();

  // Lookups binary-search these orders: check them rather than trust them.
  const auto sorted = [](const auto& items, auto name) {
    for (std::size_t i = 1; i < items.size(); ++i) {
      if (detail::icompare(name(items[i - 1]), name(items[i])) >= 0) return false;
    }
    return true;
  };
  if (!sorted(keys_, [](const ConditionKey& k) { return k.name; }) ||
      !sorted(services_, [](const Service& s) { return s.prefix; }) ||
      !std::all_of(services_.begin(), services_.end(), [&](const Service& s) {
        return sorted(s.actions, [](const Action& a) { return a.name; });
      })) {
    corrupt("not sorted");
  }

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

}  // namespace iw::catalog

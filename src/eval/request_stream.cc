#include "eval/request_stream.h"

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "core/source.h"
#include "json/json.h"
#include "json/ondemand.h"

namespace iw::eval {

namespace {

namespace od = simdjson::ondemand;

static_assert(SourceText::kPadding >= simdjson::SIMDJSON_PADDING);
static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING);

enum class Field { principal, action, resource, resource_account, context, federated_by, comment, unknown };

Field field_of(std::string_view key) {
  if (key == "principal") return Field::principal;
  if (key == "action") return Field::action;
  if (key == "resource") return Field::resource;
  if (key == "resource_account") return Field::resource_account;
  if (key == "context") return Field::context;
  if (key == "federated_by") return Field::federated_by;
  if (key == "comment") return Field::comment;
  return Field::unknown;
}

std::string_view trim_json_space(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool has_duplicate(std::vector<std::string_view>& keys) {
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

bool is_null(od::value& v) {
  bool null = false;
  return !v.is_null().get(null) && null;
}

// Reads request objects with On-Demand. Every read* function returns false on anything the
// located reader (request_file.cc) rejects, and reads what it accepts the way it does.
class ObjectReader {
 public:
  // One request object that is the whole of `json` (an NDJSON line).
  bool read_document(std::string_view json, std::string_view federated_by, RequestSpec& spec) {
    if (json.size() > json::Limits{}.max_bytes || json.starts_with("\xEF\xBB\xBF")) return false;
    od::document doc;
    const simdjson::padded_string_view padded(json.data(), json.size(), json.size() + simdjson::SIMDJSON_PADDING);
    if (parser_.iterate(padded).get(doc)) return false;
    od::object object;
    if (doc.get_object().get(object) || !read_object(object, 1, federated_by, spec)) return false;
    return at_end(doc);
  }

  // A request object at nesting depth `depth` of its file (the root is 1).
  bool read_object(od::object& object, std::size_t depth, std::string_view federated_by, RequestSpec& spec) {
    reset(spec);
    unsigned seen = 0;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) || json::get_key(field, key)) return false;
      const Field f = field_of(key);
      const unsigned bit = 1u << static_cast<unsigned>(f);
      if (f == Field::unknown || (seen & bit) != 0) return false;
      seen |= bit;
      od::value value = field.value();
      if (!read_field(f, value, depth + 1, spec)) return false;
    }
    if (spec.federated_by.empty()) spec.federated_by.assign(federated_by);
    return !spec.principal.empty() && !spec.action.empty() && !spec.resource.empty();
  }

  static bool at_end(od::document& doc) {
    const char* at = nullptr;
    return doc.current_location().get(at) || at == nullptr;
  }

 private:
  static void reset(RequestSpec& spec) {
    spec.principal.clear();
    spec.action.clear();
    spec.resource.clear();
    spec.resource_account.clear();
    spec.context.clear();
    spec.federated_by.clear();
  }

  bool read_field(Field f, od::value& value, std::size_t depth, RequestSpec& spec) {
    switch (f) {
      case Field::principal: return read_string(value, spec.principal);
      case Field::action: return read_string(value, spec.action);
      case Field::resource: return read_string(value, spec.resource);
      case Field::resource_account: return is_null(value) || read_string(value, spec.resource_account);
      case Field::federated_by: return read_string(value, spec.federated_by);
      case Field::context: return read_context(value, spec.context);
      case Field::comment: return valid(value, depth);
      case Field::unknown: break;
    }
    return false;
  }

  static bool read_string(od::value& value, std::string& out) {
    std::string_view s;
    if (json::get_string(value, s)) return false;
    out.assign(s);
    return true;
  }

  // A context value as text: strings unescaped, numbers as written, booleans as true/false.
  static bool scalar_text(od::value& value, std::string_view& out) {
    od::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case od::json_type::string: return !json::get_string(value, out);
      case od::json_type::number: {
        out = trim_json_space(value.raw_json_token());
        double ignored;
        const auto e = value.get_double().get(ignored);
        return !e || e == simdjson::NUMBER_OUT_OF_RANGE;
      }
      case od::json_type::boolean: {
        bool b = false;
        if (value.get_bool().get(b)) return false;
        out = b ? "true" : "false";
        return true;
      }
      default: return false;
    }
  }

  bool read_context(od::value& value, Context& ctx) {
    od::json_type type;
    if (value.type().get(type)) return false;
    if (type == od::json_type::null) return is_null(value);
    od::object object;
    if (value.get_object().get(object)) return false;
    keys_.clear();
    bool absent = false;  // a key left absent (an empty list or tag value) hides a duplicate
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) || json::get_key(field, key)) return false;
      keys_.push_back(key);
      od::value v = field.value();
      const std::optional<Context::Added> added = read_context_value(key, v, ctx);
      if (!added || *added == Context::Added::present) return false;
      absent = absent || *added == Context::Added::absent;
    }
    return !absent || !has_duplicate(keys_);
  }

  std::optional<Context::Added> read_context_value(std::string_view key, od::value& value, Context& ctx) {
    od::json_type type;
    if (value.type().get(type)) return std::nullopt;
    if (type != od::json_type::array) {
      std::string_view s;
      if (!scalar_text(value, s)) return std::nullopt;
      return ctx.add(key, {&s, 1}, false);
    }
    od::array array;
    if (value.get_array().get(array)) return std::nullopt;
    values_.clear();
    for (auto element : array) {
      od::value item;
      std::string_view s;
      if (std::move(element).get(item) || !scalar_text(item, s)) return std::nullopt;
      values_.push_back(s);
    }
    return ctx.add(key, values_, true);
  }

  // Any JSON value the located parser accepts (a "comment"): well-formed, no duplicate keys,
  // not deeper than its limit.
  bool valid(od::value& value, std::size_t depth) {
    if (depth > json::Limits{}.max_depth) return false;
    od::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case od::json_type::object: return valid_object(value, depth);
      case od::json_type::array: {
        od::array array;
        if (value.get_array().get(array)) return false;
        for (auto element : array) {
          od::value item;
          if (std::move(element).get(item) || !valid(item, depth + 1)) return false;
        }
        return true;
      }
      case od::json_type::string: {
        std::string_view s;
        return !json::get_string(value, s);
      }
      case od::json_type::number: {
        double ignored;
        const auto e = value.get_double().get(ignored);
        return !e || e == simdjson::NUMBER_OUT_OF_RANGE;
      }
      case od::json_type::boolean: {
        bool b = false;
        return !value.get_bool().get(b);
      }
      case od::json_type::null: return is_null(value);
    }
    return false;
  }

  bool valid_object(od::value& value, std::size_t depth) {
    od::object object;
    if (value.get_object().get(object)) return false;
    std::vector<std::string_view> keys;
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) || json::get_key(field, key)) return false;
      keys.push_back(key);
      od::value v = field.value();
      if (!valid(v, depth + 1)) return false;
    }
    return !has_duplicate(keys);
  }

  od::parser parser_;
  std::vector<std::string_view> keys_;
  std::vector<std::string_view> values_;
};

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

struct BatchRequests::State {
  ObjectReader reader;
  od::document doc;
  od::array array;
  od::array_iterator it;
  od::array_iterator end;
};

BatchRequests::BatchRequests(const RequestFile& file) : state_(std::make_unique<State>()), federated_by_(file.federated_by) {
  const std::string_view text = file.source ? file.source->text() : std::string_view();
  if (!file.source || file.requests_end <= file.requests_offset || file.requests_end > text.size()) {
    failed_ = true;
    return;
  }
  const std::size_t length = file.requests_end - file.requests_offset;
  const std::size_t readable = text.size() - file.requests_offset + SourceText::kPadding;
  const simdjson::padded_string_view span(text.data() + file.requests_offset, length, readable);
  failed_ = json::thread_parser().iterate(span).get(state_->doc) != simdjson::SUCCESS;
  start();
}

void BatchRequests::start() {
  State& s = *state_;
  failed_ = failed_ || s.doc.get_array().get(s.array) || s.array.begin().get(s.it) || s.array.end().get(s.end);
  count_ = 0;
}

void BatchRequests::rewind() {
  if (failed_) return;
  state_->doc.rewind();
  start();
}

BatchRequests::~BatchRequests() = default;

bool BatchRequests::next(RequestSpec& spec) {
  if (failed_) return false;
  State& s = *state_;
  if (!(s.it != s.end)) {
    failed_ = !ObjectReader::at_end(s.doc);
    return false;
  }
  od::value element;
  od::object object;
  // An element of the root object's "requests" array: depth 3.
  if ((*s.it).get(element) || element.get_object().get(object) ||
      !s.reader.read_object(object, 3, federated_by_, spec)) {
    failed_ = true;
    return false;
  }
  ++s.it;
  ++count_;
  return true;
}

struct NdjsonRequests::State {
  ObjectReader reader;
};

NdjsonRequests::NdjsonRequests(LineReader& lines, std::string name, std::string federated_by)
    : state_(std::make_unique<State>()), lines_(lines), name_(std::move(name)), federated_by_(std::move(federated_by)) {}

NdjsonRequests::~NdjsonRequests() = default;

NdjsonRequests::Status NdjsonRequests::next(RequestSpec& spec) {
  for (;;) {
    std::string_view line;
    switch (lines_.next(line)) {
      case LineReader::Status::end: return Status::end;
      case LineReader::Status::too_long:
        error_ = name_ + ":" + std::to_string(lines_.line_number()) + ": line longer than the limit of " +
                 std::to_string(lines_.max_line()) + " bytes";
        return Status::error;
      case LineReader::Status::io_error:
        error_ = name_ + ": cannot read: " + std::strerror(lines_.error_number());
        return Status::error;
      case LineReader::Status::line: break;
    }
    if (blank(line)) continue;
    if (state_->reader.read_document(line, federated_by_, spec)) return Status::request;
    auto located = read_request_object(line, name_, lines_.line_number(), federated_by_);
    if (!located) {
      error_ = std::move(located.error);
      return Status::error;
    }
    spec = std::move(*located.value);  // the located reader decides
    return Status::request;
  }
}

bool read_request_fast(std::string_view json, std::string_view federated_by, RequestSpec& spec) {
  thread_local ObjectReader reader;
  return reader.read_document(json, federated_by, spec);
}

}  // namespace iw::eval

#include "eval/request_file.h"

#include "core/strings.h"

namespace iw::eval {

namespace {

using json::Node;
using JKind = json::Kind;

// "name:line:column" of `offset`; `line_base` is added to the line (a text that is one line of
// a larger file).
std::string at(const SourceText& src, std::uint32_t offset, std::size_t line_base = 0) {
  const LineColumn lc = src.position(offset);
  return src.name() + ":" + std::to_string(static_cast<std::size_t>(lc.line) + line_base) + ":" +
         std::to_string(lc.column);
}

policy::Kind effective_kind(const policy::Document& doc, policy::Kind kind) {
  if (kind != policy::Kind::resource) return kind;
  return policy::infer_kind(doc) == policy::Kind::trust ? policy::Kind::trust : policy::Kind::resource;
}

// Validates a read document; the error names the first problem.
std::string validate(const policy::Document& doc, std::vector<policy::Issue> issues, policy::Kind kind,
                     const SourceText& src) {
  const policy::Kind k = effective_kind(doc, kind);
  policy::check_kind_grammar(doc, k, issues);
  if (issues.empty()) return {};
  return at(src, issues[0].offset) + ": invalid " + std::string(policy::to_string(k)) +
         " policy: " + issues[0].message;
}

class Reader {
 public:
  Reader(const json::Document& doc, std::shared_ptr<const SourceText> src, std::size_t line_base = 0)
      : doc_(doc), src_(std::move(src)), line_base_(line_base) {}

  bool read(const Node& root, RequestFile& out, RequestsMode mode) {
    if (root.kind != JKind::object) return fail(root.offset, "a request must be a JSON object");
    const Node* requests = nullptr;
    RequestSpec single;
    bool single_fields = false;
    for (const Node& m : doc_.children(root)) {
      const std::string_view k = m.key;
      if (k == "principal" || k == "action" || k == "resource" || k == "resource_account" || k == "context") {
        single_fields = true;
        if (!read_field(m, single)) return false;
      } else if (k == "federated_by") {
        if (!read_string(m, federated_by_)) return false;
      } else if (k == "requests") {
        if (m.kind != JKind::array) return fail(m.offset, "\"requests\" must be an array of request objects");
        requests = &m;
      } else if (k == "identity_policies") {
        if (!read_policy_list(m, Layer::identity, -1, out.policies.identity, out)) return false;
      } else if (k == "session_policies") {
        if (!read_policy_list(m, Layer::session, -1, out.policies.session, out)) return false;
      } else if (k == "permission_boundary") {
        if (m.kind != JKind::null && !read_one(m, {Layer::boundary, -1, -1}, out.policies.boundary, out)) return false;
      } else if (k == "resource_policy") {
        if (m.kind != JKind::null && !read_one(m, {Layer::resource, -1, -1}, out.policies.resource, out)) return false;
      } else if (k == "scps" || k == "rcps") {
        if (!read_levels(m, k == "scps" ? Layer::scp : Layer::rcp, out)) return false;
      } else if (k != "comment") {
        return fail(m.key_offset, "unknown request field \"" + std::string(k) + "\"");
      }
    }
    out.federated_by = federated_by_;
    if (requests != nullptr) {
      if (single_fields) {
        return fail(requests->key_offset, "a batch request holds principal/action/resource/context only "
                                          "inside \"requests\"");
      }
      out.batch = mode != RequestsMode::ignore;
      out.requests_offset = requests->offset;
      out.requests_end = requests->end;
      if (mode != RequestsMode::read) return true;
      for (const Node& item : doc_.children(*requests)) {
        RequestSpec spec;
        if (!read_element(item, spec, "each entry of \"requests\" must be an object")) return false;
        out.requests.push_back(std::move(spec));
      }
      return true;
    }
    if (mode == RequestsMode::ignore) return true;
    if (!complete(single, root.offset)) return false;
    out.requests.push_back(std::move(single));
    return true;
  }

  // One request object: a batch element or an NDJSON line.
  bool read_element(const Node& item, RequestSpec& spec, std::string_view not_an_object) {
    if (item.kind != JKind::object) return fail(item.offset, std::string(not_an_object));
    for (const Node& m : doc_.children(item)) {
      if (m.key == "federated_by") {
        if (!read_string(m, spec.federated_by)) return false;
      } else if (m.key != "comment" && !read_field(m, spec)) {
        return false;
      }
    }
    return complete(spec, item.offset);
  }

  void default_federated_by(std::string_view f) { federated_by_ = std::string(f); }

  std::string error;

 private:
  bool fail(std::uint32_t offset, std::string message) {
    error = at(*src_, offset, line_base_) + ": " + std::move(message);
    return false;
  }

  bool read_string(const Node& m, std::string& out) {
    if (m.kind != JKind::string) return fail(m.offset, "\"" + std::string(m.key) + "\" must be a string");
    out = std::string(m.text);
    return true;
  }

  bool read_field(const Node& m, RequestSpec& spec) {
    const std::string_view k = m.key;
    if (k == "principal") return read_string(m, spec.principal);
    if (k == "action") return read_string(m, spec.action);
    if (k == "resource") return read_string(m, spec.resource);
    if (k == "resource_account") return m.kind == JKind::null || read_string(m, spec.resource_account);
    if (k == "context") return read_context(m, spec.context);
    return fail(m.key_offset, "unknown request field \"" + std::string(k) + "\"");
  }

  bool scalar_text(const Node& v, std::string& out) {
    switch (v.kind) {
      case JKind::string:
      case JKind::number: out = std::string(v.text); return true;
      case JKind::boolean: out = v.boolean ? "true" : "false"; return true;
      default: return fail(v.offset, "context values must be strings or lists of strings");
    }
  }

  bool read_context(const Node& m, Context& ctx) {
    if (m.kind == JKind::null) return true;
    if (m.kind != JKind::object) return fail(m.offset, "\"context\" must be an object of keys");
    for (const Node& key : doc_.children(m)) {
      if (ctx.has(key.key)) {
        return fail(key.key_offset, "context key \"" + std::string(key.key) +
                                        "\" is given twice (keys are case-insensitive)");
      }
      if (key.kind == JKind::array) {
        std::vector<std::string> values;
        for (const Node& v : doc_.children(key)) {
          std::string s;
          if (!scalar_text(v, s)) return false;
          values.push_back(std::move(s));
        }
        ctx.set_list(key.key, std::move(values));
      } else {
        std::string s;
        if (!scalar_text(key, s)) return false;
        ctx.set(key.key, std::move(s));
      }
    }
    return true;
  }

  bool complete(RequestSpec& spec, std::uint32_t offset) {
    if (spec.federated_by.empty()) spec.federated_by = federated_by_;
    for (auto [field, value] : {std::pair<std::string_view, const std::string*>{"principal", &spec.principal},
                                {"action", &spec.action}, {"resource", &spec.resource}}) {
      if (value->empty()) return fail(offset, "the request has no \"" + std::string(field) + "\"");
    }
    return true;
  }

  static policy::Kind kind_of(Layer l) {
    switch (l) {
      case Layer::scp: return policy::Kind::scp;
      case Layer::rcp: return policy::Kind::rcp;
      case Layer::resource: return policy::Kind::resource;
      case Layer::identity: return policy::Kind::identity;
      case Layer::boundary: return policy::Kind::boundary;
      case Layer::session: return policy::Kind::session;
      case Layer::caller: break;
    }
    return policy::Kind::identity;
  }

  bool read_one(const Node& n, PolicyRef ref, std::optional<policy::Document>& slot, RequestFile& out) {
    const std::string where = label(ref);
    if (n.kind == JKind::object) {
      std::vector<policy::Issue> issues;
      policy::Document d = policy::read_policy(doc_, n, issues);
      if (std::string e = validate(d, std::move(issues), kind_of(ref.layer), *src_); !e.empty()) {
        error = e + " (" + where + ")";
        return false;
      }
      slot = std::move(d);
      out.origins.push_back({ref, src_, ""});
      return true;
    }
    if (n.kind == JKind::string) {
      std::shared_ptr<const SourceText> decoded;
      const std::string name = at(*src_, n.offset) + " (" + where + ")";
      auto d = load_policy(n.text, name, kind_of(ref.layer), decoded);
      if (!d) {
        error = d.error;
        return false;
      }
      slot = std::move(*d.value);
      out.origins.push_back({ref, decoded, ""});
      return true;
    }
    return fail(n.offset, where + " must be a policy object or a (URL-encoded) policy string");
  }

  bool read_policy_list(const Node& m, Layer layer, std::int32_t level, std::vector<policy::Document>& list,
                        RequestFile& out) {
    if (m.kind == JKind::null) return true;
    if (m.kind != JKind::array) return fail(m.offset, "\"" + std::string(m.key) + "\" must be an array of policies");
    for (const Node& item : doc_.children(m)) {
      std::optional<policy::Document> d;
      if (!read_one(item, {layer, level, static_cast<std::int32_t>(list.size())}, d, out)) return false;
      list.push_back(std::move(*d));
    }
    return true;
  }

  bool read_levels(const Node& m, Layer layer, RequestFile& out) {
    if (m.kind == JKind::null) return true;
    auto& levels = layer == Layer::scp ? out.policies.scps : out.policies.rcps;
    if (m.kind != JKind::array) {
      return fail(m.offset, "\"" + std::string(m.key) + "\" must be an array of levels (arrays of policies)");
    }
    for (const Node& level : doc_.children(m)) {
      if (level.kind != JKind::array) {
        return fail(level.offset, "each level of \"" + std::string(m.key) + "\" must be an array of policies");
      }
      levels.emplace_back();
      if (!read_policy_list(level, layer, static_cast<std::int32_t>(levels.size() - 1), levels.back(), out)) {
        return false;
      }
    }
    return true;
  }

  const json::Document& doc_;
  std::shared_ptr<const SourceText> src_;
  std::size_t line_base_;
  std::string federated_by_;
};

}  // namespace

std::string RequestFile::locate(const PolicyRef& ref, std::uint32_t offset) const {
  for (const PolicyOrigin& o : origins) {
    if (o.ref == ref && o.source) return at(*o.source, offset);
  }
  return {};
}

Result<policy::Document> load_policy(std::string_view text, std::string_view name, policy::Kind kind,
                                     std::shared_ptr<const SourceText>& source) {
  policy::ParseResult r = policy::parse_policy(text);
  source = std::make_shared<const SourceText>(std::string(name), r.text);
  if (r.json_error) {
    return Result<policy::Document>::fail(at(*source, r.json_error->offset) + ": invalid JSON: " +
                                          r.json_error->message);
  }
  if (std::string e = validate(*r.document, std::move(r.grammar), kind, *source); !e.empty()) {
    return Result<policy::Document>::fail(e);
  }
  return Result<policy::Document>{std::move(*r.document), {}};
}

namespace {

// The first duplicate key at or after `from`, as a message; "" when there is none.
std::string first_duplicate(const json::Document& doc, std::uint32_t from, const SourceText& source,
                            std::size_t line_base = 0) {
  for (const json::DuplicateKey& d : doc.duplicate_keys()) {
    if (d.offset >= from) return at(source, d.offset, line_base) + ": duplicate key \"" + d.key + "\"";
  }
  return {};
}

Result<RequestFile> read_file(const json::Document& doc, const json::Node& node,
                              const std::shared_ptr<const SourceText>& source, RequestsMode mode) {
  if (std::string e = first_duplicate(doc, node.offset, *source); !e.empty()) {
    return Result<RequestFile>::fail(std::move(e));
  }
  RequestFile out;
  Reader reader(doc, source);
  if (!reader.read(node, out, mode)) return Result<RequestFile>::fail(reader.error);
  if (mode == RequestsMode::stream && out.batch) out.source = source;
  return Result<RequestFile>{std::move(out), {}};
}

}  // namespace

Result<RequestFile> read_request(const json::Document& doc, const json::Node& node,
                                 const std::shared_ptr<const SourceText>& source) {
  return read_file(doc, node, source, RequestsMode::read);
}

Result<RequestFile> parse_request_file(const std::shared_ptr<const SourceText>& source, RequestsMode mode) {
  json::ParseError error;
  json::ParseOptions options;
  options.padded = true;
  if (mode != RequestsMode::read) options.unread_array = "requests";
  auto doc = json::parse(source->text(), error, {}, options);
  if (!doc) return Result<RequestFile>::fail(at(*source, error.offset) + ": invalid JSON: " + error.message);
  return read_file(*doc, doc->root(), source, mode);
}

Result<RequestFile> parse_request_file(std::string_view text, std::string_view name) {
  return parse_request_file(std::make_shared<const SourceText>(std::string(name), std::string(text)),
                            RequestsMode::read);
}

Result<RequestSpec> read_request_object(std::string_view text, std::string_view name, std::size_t line,
                                        std::string_view federated_by) {
  const std::size_t line_base = line - 1;
  auto source = std::make_shared<const SourceText>(std::string(name), std::string(text));
  json::ParseError error;
  json::ParseOptions options;
  options.padded = true;
  auto doc = json::parse(source->text(), error, {}, options);
  if (!doc) {
    return Result<RequestSpec>::fail(at(*source, error.offset, line_base) + ": invalid JSON: " + error.message);
  }
  if (std::string e = first_duplicate(*doc, 0, *source, line_base); !e.empty()) {
    return Result<RequestSpec>::fail(std::move(e));
  }
  Reader reader(*doc, source, line_base);
  reader.default_federated_by(federated_by);
  RequestSpec spec;
  if (!reader.read_element(doc->root(), spec, "a request line must be a JSON object")) {
    return Result<RequestSpec>::fail(reader.error);
  }
  return Result<RequestSpec>{std::move(spec), {}};
}

std::string describe(const RequestFile& file, const CompileError& error) {
  std::string where = file.locate(error.policy, error.offset);
  if (where.empty()) where = label(error.policy);
  return where + ": " + error.message + " (" + label(error.policy) + ")";
}

}  // namespace iw::eval

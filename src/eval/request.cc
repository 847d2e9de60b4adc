#include "eval/request.h"

#include <algorithm>
#include <array>

#include "core/strings.h"
#include "policy/glob.h"

namespace iw::eval {

namespace {

bool is_account_id(std::string_view s) {
  return s.size() == 12 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Splits "type/path.../name" after the type prefix into path ("/a/b/") and name.
bool split_path_name(std::string_view rest, std::string& path, std::string& name) {
  const std::size_t last = rest.rfind('/');
  name.assign(rest.substr(last + 1));
  path.clear();
  path += '/';
  if (last != std::string_view::npos) path.append(rest.substr(0, last + 1));
  return !name.empty() && path.find("//") == std::string::npos;
}

std::string parse_iam_arn(std::string_view text, const std::array<std::string_view, 6>& c, Principal& p) {
  p.arn.assign(text);
  p.partition.assign(c[1]);
  p.account.assign(c[4]);
  const std::string_view res = c[5];
  const auto bad = [&](std::string_view why) {
    return "principal \"" + std::string(text) + "\": " + std::string(why);
  };
  if (c[1].empty()) return bad("the ARN has no partition");
  if (!c[3].empty()) return bad("IAM and STS principal ARNs have no region");
  if (!is_account_id(c[4])) return bad("the account must be 12 digits");
  if (c[2] == "iam") {
    if (res == "root") {
      p.kind = PrincipalKind::root;
    } else if (res.starts_with("user/")) {
      p.kind = PrincipalKind::user;
      if (!split_path_name(res.substr(5), p.path, p.name)) return bad("malformed user name or path");
    } else if (res.starts_with("role/")) {
      p.kind = PrincipalKind::role;
      if (!split_path_name(res.substr(5), p.path, p.name)) return bad("malformed role name or path");
      p.role_arn.assign(p.arn);
    } else {
      return bad("an IAM principal must be a user, a role or the account root");
    }
  } else if (c[2] == "sts") {
    if (res.starts_with("assumed-role/")) {
      const std::string_view rest = res.substr(13);
      const std::size_t slash = rest.find('/');
      if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size() ||
          rest.find('/', slash + 1) != std::string_view::npos) {
        return bad("an assumed-role ARN is arn:P:sts::ACCOUNT:assumed-role/ROLE/SESSION");
      }
      p.kind = PrincipalKind::assumed_role;
      p.name.assign(rest.substr(0, slash));
      p.session.assign(rest.substr(slash + 1));
      p.role_arn.assign("arn:").append(p.partition).append(":iam::").append(p.account).append(":role/").append(p.name);
    } else if (res.starts_with("federated-user/") && res.size() > 15 &&
               res.find('/', 15) == std::string_view::npos) {
      p.kind = PrincipalKind::federated_user;
      p.name.assign(res.substr(15));
    } else {
      return bad("an STS principal must be an assumed-role session or a federated user");
    }
  } else {
    return bad("the ARN's service must be iam or sts");
  }
  return {};
}

std::string_view principal_type(PrincipalKind k) {
  switch (k) {
    case PrincipalKind::user: return "User";
    case PrincipalKind::root: return "Account";
    case PrincipalKind::role:
    case PrincipalKind::assumed_role: return "AssumedRole";
    case PrincipalKind::federated_user: return "FederatedUser";
    case PrincipalKind::anonymous: return "Anonymous";
    case PrincipalKind::service: return "";
  }
  return "";
}

// A session's role path comes from a supplied aws:PrincipalArn naming the same role (§9 Q12).
void adopt_role_path(Principal& p, const Context& ctx) {
  if (p.kind != PrincipalKind::assumed_role) return;
  const ContextEntry* e = ctx.find("aws:principalarn");
  if (e == nullptr || e->multi) return;
  auto role = parse_principal(e->values[0]);
  if (role && role.value->kind == PrincipalKind::role && role.value->account == p.account &&
      role.value->partition == p.partition && role.value->name == p.name) {
    p.path = role.value->path;
    p.role_arn = role.value->arn;
  }
}

// Sets `key` to `value` unless it is empty or the key is set already.
void put(Context& ctx, std::string_view key, std::string_view value) {
  if (!value.empty()) ctx.add(key, {&value, 1}, false);
}

void derive(Request& r) {
  const Principal& p = r.principal;
  Context& ctx = r.context;
  switch (p.kind) {
    case PrincipalKind::user:
    case PrincipalKind::root:
    case PrincipalKind::federated_user: put(ctx, "aws:PrincipalArn", p.arn); break;
    case PrincipalKind::role:
    case PrincipalKind::assumed_role: put(ctx, "aws:PrincipalArn", p.role_arn); break;
    default: break;
  }
  put(ctx, "aws:PrincipalAccount",
      p.kind == PrincipalKind::anonymous ? std::string_view("anonymous") : std::string_view(p.account));
  put(ctx, "aws:PrincipalType", principal_type(p.kind));
  if (p.kind == PrincipalKind::user) put(ctx, "aws:username", p.name);
  if (p.kind == PrincipalKind::service) {
    put(ctx, "aws:PrincipalIsAWSService", "true");
    put(ctx, "aws:PrincipalServiceName", p.name);
  } else if (p.kind != PrincipalKind::anonymous) {
    put(ctx, "aws:PrincipalIsAWSService", "false");
  }
  put(ctx, "aws:ResourceAccount", r.resource_account);
}

}  // namespace

std::string_view to_string(PrincipalKind k) {
  static constexpr std::array<std::string_view, 7> kNames{
      "user", "root", "role", "assumed-role", "federated-user", "service", "anonymous"};
  return kNames[static_cast<std::size_t>(k)];
}

std::string parse_principal(std::string_view text, Principal& p) {
  p.kind = PrincipalKind::anonymous;
  p.partition.clear();
  p.account.clear();
  p.name.clear();
  p.path.clear();
  p.session.clear();
  p.role_arn.clear();
  p.arn.assign(text);
  if (text == "anonymous") return {};
  if (text.starts_with("service:")) {
    p.kind = PrincipalKind::service;
    p.name.assign(text.substr(8));
    if (p.name.empty() || p.name.find_first_of(" */:") != std::string::npos) {
      return "principal \"" + std::string(text) + "\": a service principal is service:NAME.amazonaws.com";
    }
    return {};
  }
  std::array<std::string_view, 6> c;
  if (!split_arn6(text, c) || c[0] != "arn") {
    return "principal \"" + std::string(text) + "\" is not an IAM/STS ARN, service:NAME or anonymous";
  }
  return parse_iam_arn(text, c, p);
}

Result<Principal> parse_principal(std::string_view text) {
  Principal p;
  std::string error = parse_principal(text, p);
  if (!error.empty()) return Result<Principal>::fail(std::move(error));
  return Result<Principal>{std::move(p), {}};
}

bool is_tag_key(std::string_view key_lower) {
  if (key_lower.ends_with(":tagkeys")) return true;
  // …:requesttag/K, …:resourcetag/K, …:principaltag/K anywhere: look behind each '/'.
  for (std::size_t i = 0; i < key_lower.size(); ++i) {
    if (key_lower[i] != '/') continue;
    const std::string_view before = key_lower.substr(0, i);
    if (before.ends_with(":requesttag") || before.ends_with(":resourcetag") || before.ends_with(":principaltag")) {
      return true;
    }
  }
  return false;
}

Context::Context(const Context& other)
    : entries_(other.entries_.begin(), other.entries_.begin() + static_cast<std::ptrdiff_t>(other.size_)),
      size_(other.size_) {}

Context& Context::operator=(const Context& other) {
  if (this != &other) {
    entries_.assign(other.entries_.begin(), other.entries_.begin() + static_cast<std::ptrdiff_t>(other.size_));
    size_ = other.size_;
  }
  return *this;
}

std::size_t Context::prepare(std::string_view key) {
  if (size_ == entries_.size()) entries_.emplace_back();
  std::string& lower = entries_[size_].key;
  lower.resize(key.size());
  char* out = lower.data();
  for (std::size_t i = 0; i < key.size(); ++i) out[i] = ascii_lower(key[i]);
  for (std::size_t i = 0; i < size_; ++i) {
    if (entries_[i].key == lower) return i;
  }
  return size_;
}

void Context::remove(std::size_t index) {
  // Keeps the order of the others; the removed entry and the spare after it stay as spares.
  std::rotate(entries_.begin() + static_cast<std::ptrdiff_t>(index),
              entries_.begin() + static_cast<std::ptrdiff_t>(index + 1),
              entries_.begin() + static_cast<std::ptrdiff_t>(size_ + 1));
  --size_;
}

void Context::set(std::string_view key, std::string value) {
  std::vector<std::string> v;
  v.push_back(std::move(value));
  if (set_list(key, std::move(v))) entries_[size_ - 1].multi = false;
}

bool Context::set_list(std::string_view key, std::vector<std::string> values) {
  if (const std::size_t at = prepare(key); at != size_) remove(at);
  ContextEntry& e = entries_[size_];
  if (is_tag_key(e.key)) std::erase(values, std::string());  // an empty tag value is null (§1)
  if (values.empty()) return false;
  e.values = std::move(values);
  e.multi = true;
  ++size_;
  return true;
}

Context::Added Context::add(std::string_view key, std::span<const std::string_view> values, bool multi) {
  if (prepare(key) != size_) return Added::present;
  ContextEntry& e = entries_[size_];
  const bool tag = is_tag_key(e.key);
  std::size_t n = 0;
  for (std::string_view v : values) {
    if (tag && v.empty()) continue;  // an empty tag value is null (§1)
    if (n == e.values.size()) e.values.emplace_back();
    e.values[n++].assign(v);
  }
  e.values.resize(n);
  if (n == 0) return Added::absent;
  e.multi = multi;
  ++size_;
  return Added::added;
}

const ContextEntry* Context::find(std::string_view key_lower) const {
  for (std::size_t i = 0; i < size_; ++i) {
    if (entries_[i].key == key_lower) return &entries_[i];
  }
  return nullptr;
}

bool Context::has(std::string_view key) const {
  for (std::size_t i = 0; i < size_; ++i) {
    if (iequals(entries_[i].key, key)) return true;
  }
  return false;
}

bool retarget(Request& r, std::string_view action, std::string_view resource, std::string_view resource_account) {
  const std::size_t colon = action.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == action.size() ||
      action.find_first_of("*? ") != std::string_view::npos) {
    return false;
  }
  if (resource != "*" && !looks_like_arn(resource)) return false;
  if (!resource_account.empty() && !is_account_id(resource_account)) return false;
  r.action.assign(action);
  r.action_lower = to_lower(action);
  r.resource.assign(resource);
  r.resource_account.assign(resource_account);
  if (r.resource_account.empty()) {
    std::array<std::string_view, 6> c;
    r.resource_account = resource != "*" && split_arn6(resource, c) && !c[4].empty() ? std::string(c[4])
                                                                                    : r.principal.account;
  }
  r.context.set("aws:ResourceAccount", r.resource_account);
  return true;
}

bool looks_like_arn(std::string_view s) {
  std::array<std::string_view, 6> c;
  return split_arn6(s, c) && c[0] == "arn" && !c[1].empty() && !c[2].empty();
}

std::string check_request(const RequestSpec& spec, Request& r) {
  if (std::string e = parse_principal(spec.principal, r.principal); !e.empty()) return e;

  const std::size_t colon = spec.action.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.action.size() ||
      spec.action.find_first_of("*? ") != std::string::npos) {
    return "action \"" + spec.action + "\" must be a concrete service:ActionName";
  }
  r.action.assign(spec.action);
  r.action_lower.assign(spec.action);
  for (char& ch : r.action_lower) ch = ascii_lower(ch);

  const bool any_resource = spec.resource == "*";
  std::array<std::string_view, 6> c;
  const bool arn = !any_resource && split_arn6(spec.resource, c) && c[0] == "arn" && !c[1].empty() && !c[2].empty();
  if (!any_resource && !arn) {
    return "resource \"" + spec.resource + "\" must be an ARN (arn:partition:service:region:account:resource) or \"*\"";
  }
  r.resource.assign(spec.resource);
  if (!spec.resource_account.empty()) {
    if (!is_account_id(spec.resource_account)) {
      return "resource_account \"" + spec.resource_account + "\" must be 12 digits";
    }
    r.resource_account.assign(spec.resource_account);
  } else if (arn && !c[4].empty()) {
    r.resource_account.assign(c[4]);
  } else {
    r.resource_account.assign(r.principal.account);
  }

  r.federated_by.clear();
  if (!spec.federated_by.empty()) {
    auto user = parse_principal(spec.federated_by);
    if (!user || user.value->kind != PrincipalKind::user) {
      return "federated_by \"" + spec.federated_by + "\" must be an IAM user ARN";
    }
    if (r.principal.kind != PrincipalKind::federated_user) {
      return "federated_by applies only to federated-user principals";
    }
    if (user.value->account != r.principal.account) {
      return "federated_by must be a user of the federated user's account";
    }
    r.federated_by.assign(spec.federated_by);
  }
  return {};
}

std::string make_request(RequestSpec& spec, Request& r) {
  if (std::string e = check_request(spec, r); !e.empty()) return e;
  std::swap(r.context, spec.context);
  adopt_role_path(r.principal, r.context);
  derive(r);
  return {};
}

Result<Request> make_request(const RequestSpec& spec) {
  RequestSpec copy = spec;
  Request r;
  if (std::string error = make_request(copy, r); !error.empty()) return Result<Request>::fail(std::move(error));
  return Result<Request>{std::move(r), {}};
}

}  // namespace iw::eval

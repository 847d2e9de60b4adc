#include "eval/request.h"

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
  name = std::string(rest.substr(last + 1));
  path = last == std::string_view::npos ? "/" : "/" + std::string(rest.substr(0, last + 1));
  return !name.empty() && path.find("//") == std::string::npos;
}

Result<Principal> parse_iam_arn(std::string_view text, const std::array<std::string_view, 6>& c) {
  Principal p;
  p.arn = std::string(text);
  p.partition = std::string(c[1]);
  p.account = std::string(c[4]);
  const std::string_view res = c[5];
  const auto bad = [&](std::string_view why) {
    return Result<Principal>::fail("principal \"" + std::string(text) + "\": " + std::string(why));
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
      p.role_arn = p.arn;
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
      p.name = std::string(rest.substr(0, slash));
      p.session = std::string(rest.substr(slash + 1));
      p.role_arn = "arn:" + p.partition + ":iam::" + p.account + ":role/" + p.name;
    } else if (res.starts_with("federated-user/") && res.size() > 15 &&
               res.find('/', 15) == std::string_view::npos) {
      p.kind = PrincipalKind::federated_user;
      p.name = std::string(res.substr(15));
    } else {
      return bad("an STS principal must be an assumed-role session or a federated user");
    }
  } else {
    return bad("the ARN's service must be iam or sts");
  }
  return Result<Principal>{std::move(p), {}};
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

void derive(Request& r) {
  const Principal& p = r.principal;
  Context& ctx = r.context;
  const auto put = [&](std::string_view key, std::string value) {
    if (!value.empty() && !ctx.has(key)) ctx.set(key, std::move(value));
  };
  switch (p.kind) {
    case PrincipalKind::user:
    case PrincipalKind::root:
    case PrincipalKind::federated_user: put("aws:PrincipalArn", p.arn); break;
    case PrincipalKind::role:
    case PrincipalKind::assumed_role: put("aws:PrincipalArn", p.role_arn); break;
    default: break;
  }
  put("aws:PrincipalAccount", p.kind == PrincipalKind::anonymous ? std::string("anonymous") : p.account);
  put("aws:PrincipalType", std::string(principal_type(p.kind)));
  if (p.kind == PrincipalKind::user) put("aws:username", p.name);
  if (p.kind == PrincipalKind::service) {
    put("aws:PrincipalIsAWSService", "true");
    put("aws:PrincipalServiceName", p.name);
  } else if (p.kind != PrincipalKind::anonymous) {
    put("aws:PrincipalIsAWSService", "false");
  }
  put("aws:ResourceAccount", r.resource_account);
}

}  // namespace

std::string_view to_string(PrincipalKind k) {
  static constexpr std::array<std::string_view, 7> kNames{
      "user", "root", "role", "assumed-role", "federated-user", "service", "anonymous"};
  return kNames[static_cast<std::size_t>(k)];
}

Result<Principal> parse_principal(std::string_view text) {
  if (text == "anonymous") {
    Principal p;
    p.arn = "anonymous";
    return Result<Principal>{std::move(p), {}};
  }
  if (text.starts_with("service:")) {
    Principal p;
    p.kind = PrincipalKind::service;
    p.arn = std::string(text);
    p.name = std::string(text.substr(8));
    if (p.name.empty() || p.name.find_first_of(" */:") != std::string::npos) {
      return Result<Principal>::fail("principal \"" + std::string(text) +
                                     "\": a service principal is service:NAME.amazonaws.com");
    }
    return Result<Principal>{std::move(p), {}};
  }
  std::array<std::string_view, 6> c;
  if (!split_arn6(text, c) || c[0] != "arn") {
    return Result<Principal>::fail("principal \"" + std::string(text) +
                                   "\" is not an IAM/STS ARN, service:NAME or anonymous");
  }
  return parse_iam_arn(text, c);
}

bool is_tag_key(std::string_view key_lower) {
  return key_lower.find(":requesttag/") != std::string_view::npos ||
         key_lower.find(":resourcetag/") != std::string_view::npos ||
         key_lower.find(":principaltag/") != std::string_view::npos || key_lower.ends_with(":tagkeys");
}

void Context::set(std::string_view key, std::string value) {
  std::vector<std::string> v;
  v.push_back(std::move(value));
  if (set_list(key, std::move(v))) entries_.back().multi = false;
}

bool Context::set_list(std::string_view key, std::vector<std::string> values) {
  const std::string lower = to_lower(key);
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->key == lower) {
      entries_.erase(it);
      break;
    }
  }
  if (is_tag_key(lower)) std::erase(values, std::string());  // an empty tag value is null (§1)
  if (values.empty()) return false;
  entries_.push_back({lower, std::move(values), true});
  return true;
}

const ContextEntry* Context::find(std::string_view key_lower) const {
  for (const ContextEntry& e : entries_) {
    if (e.key == key_lower) return &e;
  }
  return nullptr;
}

bool Context::has(std::string_view key) const {
  for (const ContextEntry& e : entries_) {
    if (iequals(e.key, key)) return true;
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

Result<Request> make_request(const RequestSpec& spec) {
  Request r;
  auto principal = parse_principal(spec.principal);
  if (!principal) return Result<Request>::fail(principal.error);
  r.principal = std::move(*principal.value);

  const std::size_t colon = spec.action.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.action.size() ||
      spec.action.find_first_of("*? ") != std::string::npos) {
    return Result<Request>::fail("action \"" + spec.action + "\" must be a concrete service:ActionName");
  }
  r.action = spec.action;
  r.action_lower = to_lower(spec.action);

  if (spec.resource != "*" && !looks_like_arn(spec.resource)) {
    return Result<Request>::fail("resource \"" + spec.resource +
                                 "\" must be an ARN (arn:partition:service:region:account:resource) or \"*\"");
  }
  r.resource = spec.resource;
  if (!spec.resource_account.empty()) {
    if (!is_account_id(spec.resource_account)) {
      return Result<Request>::fail("resource_account \"" + spec.resource_account + "\" must be 12 digits");
    }
    r.resource_account = spec.resource_account;
  } else {
    std::array<std::string_view, 6> c;
    if (spec.resource != "*" && split_arn6(spec.resource, c) && !c[4].empty()) {
      r.resource_account = std::string(c[4]);
    } else {
      r.resource_account = r.principal.account;
    }
  }

  if (!spec.federated_by.empty()) {
    auto user = parse_principal(spec.federated_by);
    if (!user || user.value->kind != PrincipalKind::user) {
      return Result<Request>::fail("federated_by \"" + spec.federated_by + "\" must be an IAM user ARN");
    }
    if (r.principal.kind != PrincipalKind::federated_user) {
      return Result<Request>::fail("federated_by applies only to federated-user principals");
    }
    if (user.value->account != r.principal.account) {
      return Result<Request>::fail("federated_by must be a user of the federated user's account");
    }
    r.federated_by = spec.federated_by;
  }
  r.context = spec.context;
  adopt_role_path(r.principal, r.context);
  derive(r);
  return Result<Request>{std::move(r), {}};
}

}  // namespace iw::eval

// Fuzz target: snapshot files from memory. The bytes are read as authorization-details.json,
// then as each optional JSON file next to a small valid one. Loading must either succeed or
// throw SnapshotError: never crash, hang or read out of bounds; every offset it keeps must lie
// inside the text it refers to. A question's load of the same bytes must not crash either, and
// splitting the lists in pieces gives what one index of the whole text gives.
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <type_traits>

#include "account/account.h"
#include "eval/engine.h"
#include "json/json.h"
#include "json/split.h"

namespace {

using iw::account::Account;
using iw::account::PolicyDoc;

void check(const PolicyDoc& d) {
  const std::string_view located = d.located_in().text();
  for (const auto& issue : d.grammar) {
    if (issue.offset > located.size()) std::abort();
    (void)d.located_in().position(issue.offset);
  }
  if (d.source == nullptr || d.offset > d.source->text().size()) std::abort();
  if (d.decoded && d.text.data() != d.decoded->text().data()) std::abort();
  if (!d.decoded && (d.text.data() < d.source->text().data() ||
                     d.text.data() + d.text.size() > d.source->text().data() + d.source->text().size())) {
    std::abort();
  }
}

void check(const Account& a) {
  for (const auto& u : a.users) {
    for (const auto& p : u.inline_policies) check(p.doc);
  }
  for (const auto& g : a.groups) {
    for (const auto& p : g.inline_policies) check(p.doc);
  }
  for (const auto& r : a.roles) {
    check(r.trust);
    for (const auto& p : r.inline_policies) check(p.doc);
  }
  for (const auto& m : a.policies) {
    for (const auto& v : m.versions) check(v.doc);
    (void)m.default_document();
  }
  for (const auto* levels : {&a.scps, &a.rcps}) {
    for (const auto& level : *levels) {
      for (const auto& p : level) check(p.doc);
    }
  }
  for (const auto& p : a.resource_policies) check(p.doc);
  if (!a.users.empty() && a.user_by_name(a.users.back().name) == nullptr) std::abort();
  if (!a.roles.empty() && a.role_by_arn(a.roles.back().arn) == nullptr) std::abort();
}

void load(std::map<std::string, std::string> files, const iw::account::LoadOptions& options) {
  try {
    check(iw::account::load_snapshot_files("fuzz", std::move(files), options));
  } catch (const iw::account::SnapshotError& e) {
    if (e.line < 0 || e.column < 0) std::abort();
  }
}

}  // namespace

// Whether some identity document of a user, group or role (its own, its groups') names the
// action in an Allow, in the whole load.
template <typename Principal>
bool names_in_allow(const Account& whole, const Principal& p, std::string_view action) {
  const auto names = [&](const PolicyDoc* d) {
    return d != nullptr && iw::eval::names_action(d->document, action, iw::eval::Effects::allow);
  };
  const auto attaches = [&](const std::vector<std::string>& arns) {
    for (const std::string& arn : arns) {
      const auto* m = whole.policy_by_arn(arn);
      if (m != nullptr && names(m->default_document())) return true;
    }
    return false;
  };
  for (const auto& ip : p.inline_policies) {
    if (names(&ip.doc)) return true;
  }
  if (attaches(p.attached_policy_arns)) return true;
  if constexpr (std::is_same_v<Principal, iw::account::User>) {
    for (const auto& g : whole.groups) {
      if (std::find(p.groups.begin(), p.groups.end(), g.name) != p.groups.end() && names_in_allow(whole, g, action)) {
        return true;
      }
    }
  }
  return false;
}

// LoadOptions::question_resource: what loads whole loads for a question about "*", and leaves
// out only users and roles that no identity document allows the action.
void load_for_resource(const std::string& bytes, const Account& whole) {
  iw::account::LoadOptions options;
  options.question_action = "iam:passrole";
  options.question_resource = "*";
  Account asked;
  try {
    asked = iw::account::load_snapshot_files("fuzz", {{"authorization-details.json", bytes}}, options);
  } catch (const iw::account::SnapshotError&) {
    std::abort();
  }
  check(asked);
  if (asked.users.size() + asked.roles.size() + asked.principals_left_out != whole.users.size() + whole.roles.size()) {
    std::abort();
  }
  for (const auto& u : whole.users) {
    if (asked.user_by_arn(u.arn) == nullptr && names_in_allow(whole, u, options.question_action)) std::abort();
  }
  for (const auto& r : whole.roles) {
    if (asked.role_by_arn(r.arn) == nullptr && names_in_allow(whole, r, options.question_action)) std::abort();
  }
}

// LoadOptions::question_action: when the whole file loads, so does the question's load, and it
// holds every managed policy whose document in force has a statement that may apply to the
// action (any effect; of those that repeat an ARN, the first), and no policy the whole load lacks.
void load_for_question(const std::string& bytes) {
  static constexpr std::string_view kAction = "iam:passrole";
  iw::account::LoadOptions options;
  options.question_action = kAction;
  std::optional<Account> whole;
  try {
    whole = iw::account::load_snapshot_files("fuzz", {{"authorization-details.json", bytes}});
  } catch (const iw::account::SnapshotError&) {
    load({{"authorization-details.json", bytes}}, options);  // refused or not: no crash
    return;
  }
  Account asked;
  try {
    asked = iw::account::load_snapshot_files("fuzz", {{"authorization-details.json", bytes}}, options);
  } catch (const iw::account::SnapshotError&) {
    std::abort();  // what loads whole loads for a question
  }
  check(asked);
  if (asked.users.size() != whole->users.size() || asked.roles.size() != whole->roles.size()) std::abort();
  for (const auto& m : asked.policies) {
    if (whole->policy_by_arn(m.arn) == nullptr) std::abort();
  }
  for (const auto& m : whole->policies) {
    const PolicyDoc* d = m.default_document();
    // (Of policies that repeat an ARN, the first is the one in force: Account::policy_by_arn.)
    if (d == nullptr || whole->policy_by_arn(m.arn) != &m ||
        !iw::eval::names_action(d->document, kAction, iw::eval::Effects::any)) {
      continue;
    }
    bool kept = false;
    for (const auto& k : asked.policies) {
      kept = kept || (k.arn == m.arn && k.default_document() != nullptr && k.default_document()->text == d->text);
    }
    if (!kept) std::abort();
  }
  load_for_resource(bytes, *whole);
}

// json::ParseOptions::split in pieces of a few sizes (json/split.h): the Document of one index
// of the whole text, or the same error, or (where one index refuses the text) a Document with
// an element that its own parse refuses; and walked in two halves, the Document of one walk.
void split_in_pieces(const std::string& bytes) {
  iw::json::ParseOptions options;
  options.split = {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"};
  options.select_member = "Arn";
  const auto describe = [&](const iw::json::Document& doc) {
    std::string out;
    for (const iw::json::Node& n : doc.children(doc.root())) {
      out += std::string(n.key) + " " + std::to_string(n.offset) + "-" + std::to_string(n.end) + " " +
             std::string(n.text) + (n.boolean ? " T\n" : " F\n");
      for (const iw::json::Span& e : doc.elements(n)) {
        out += std::to_string(e.begin) + "-" + std::to_string(e.end) + " " +
               (e.selector.data() == nullptr ? "-" : std::string(e.selector)) + "\n";
      }
    }
    return out + std::to_string(doc.root().offset) + "-" + std::to_string(doc.root().end);
  };
  const auto element_refused = [&](const iw::json::Document& doc) {
    for (const iw::json::Node& n : doc.children(doc.root())) {
      for (const iw::json::Span& e : doc.elements(n)) {
        iw::json::ParseError error;
        if (!iw::json::parse(std::string_view(bytes).substr(e.begin, e.end - e.begin), error)) return true;
      }
    }
    return false;
  };
  iw::json::ParseError whole_error;
  options.split_piece = 0;
  const auto whole = iw::json::parse(bytes, whole_error, {}, options);
  for (const std::size_t piece : {std::size_t{16}, std::size_t{256}, std::size_t{4096}}) {
    options.split_piece = piece;
    iw::json::ParseError error;
    const auto doc = iw::json::parse(bytes, error, {}, options);
    if (whole && (!doc || describe(*doc) != describe(*whole))) std::abort();
    if (!whole && doc && !element_refused(*doc)) std::abort();
    if (!whole && !doc && (error.offset != whole_error.offset || error.message != whole_error.message)) std::abort();
    iw::json::ParseOptions in_halves = options;
    in_halves.split_halves_from = 0;
    iw::json::detail::Halves wait{.wait_for_guess = true};
    const std::string padded = bytes + std::string(iw::json::kPadding, ' ');
    const auto one = iw::json::detail::chunked_split(bytes, padded.data(), {}, options);
    const auto two = iw::json::detail::chunked_split(bytes, padded.data(), {}, in_halves, &wait);
    if ((one == nullptr) != (two == nullptr) || (one && describe(*one) != describe(*two))) std::abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  load({{"authorization-details.json", bytes}}, {});
  load_for_question(bytes);
  split_in_pieces(bytes);
  static const std::string kDetails =
      R"({"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r",
          "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}]})";
  for (const char* name : {"roles.json", "account-summary.json", "password-policy.json", "scps.json",
                           "resource-policies.json", "compute.json", "snapshot.json"}) {
    iw::account::LoadOptions options;
    options.keep_going = true;
    load({{"authorization-details.json", kDetails}, {name, bytes}}, options);
  }
  return 0;
}

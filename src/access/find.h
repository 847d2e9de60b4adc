// Finding a request that policies decide a given way, over every request they can tell apart.
//
// find_request() walks the classes of reason::vocabulary() (principal × action × resource) and,
// for each, the context classes of reason::search(): the statements that apply to the request
// (of the target and of the other policy set) give the condition keys, their witnesses give the
// contexts. The engine decides every candidate, so every layer rule stays the engine's. A
// request is found when `target` allows it and `other` (if any) does not. When nothing is
// found and every dimension was exact, no such request exists: that is the proof `access diff`
// and the checks report as `pass`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eval/engine.h"
#include "eval/request.h"
#include "reason/requests.h"
#include "reason/search.h"

namespace iw::access {

// One policy set under analysis: its engine and documents.
struct Side {
  const eval::Engine* engine = nullptr;
  eval::PolicyView view;
};

struct FindOptions {
  // Which principals of the vocabulary to try.
  std::function<bool(const eval::Principal&)> principal_ok;
  // The request's resource_account for a principal.
  std::function<std::string(const eval::Principal&)> resource_account;
  // The two sides for a principal (policy sets may differ by principal account).
  std::function<Side(const eval::Principal&)> target;
  std::function<std::optional<Side>(const eval::Principal&)> other;
  // Classes to try (by index into the vocabulary; empty = all).
  std::vector<bool> actions, resources;
  // Statements (vocabulary numbering) whose Allow can make `target` allow: a class whose action
  // and resource no such statement covers is skipped. Empty = no pruning.
  std::vector<bool> target_allows;
  // Resources to use in place of the vocabulary's (trust policies: the role).
  std::vector<std::string> resource_override;
  // Narrows a key's witnesses (values this question's requests cannot carry).
  reason::Restrict restrict;
  // Extra condition on a found request (beyond target allows / other denies).
  std::function<bool(const eval::Request&)> accept;
  // Statements whose conditions also split the contexts (e.g. "the zone's organization").
  std::vector<const policy::Statement*> extra_statements;
  // Keys settled by the principal (besides the derived ones).
  std::function<bool(std::string_view)> fixed;
};

struct Found {
  std::optional<eval::Request> request;  // the request (context: derived + chosen keys)
  bool exact = true;
  std::vector<std::string> why;          // why not exact
  bool variables = false;                // policy variables were among the reasons
  std::size_t tried = 0;                 // engine calls made
};

Found find_request(const reason::Vocabulary& v, const FindOptions& o);

// The keys make_request derives from the principal and resource account (lower-case).
bool derived_key(std::string_view key_lower);

// The chosen context of `r`: its keys that are not derived.
eval::Context chosen_context(const eval::Request& r);

}  // namespace iw::access

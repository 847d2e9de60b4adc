// The requests a set of policies can tell apart: the action, resource and principal dimensions.
//
// A policy reads a request's action and resource through wildcard patterns, so two actions that
// every Action/NotAction pattern (and every rule the engine applies by action name) treats alike
// behave alike. vocabulary() returns one representative per such class (glob_classes over every
// pattern of the given documents), actions no catalog lists included: `s3:Get*` also reaches a
// "future" action that no explicit list names. Principals are the accounts and ARNs the documents
// name (their root, a user, a role, a federated user), one account none of them names, the
// service principals, and anonymous. Together with the context search (search.h) this makes
// "does some request satisfy P?" a finite question; `exact` says whether the classes are complete.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "policy/policy.h"
#include "reason/witness.h"

namespace iw::reason {

struct VocabularyOptions {
  std::vector<GlobSpec> actions;      // extra patterns the actions must be told apart by
  std::vector<GlobSpec> resources;    // extra patterns for resources
  std::vector<std::string> avoid_accounts;  // accounts the fresh account must differ from
};

struct Vocabulary {
  std::vector<std::string> actions;     // concrete service:Name, one per class
  std::vector<std::string> resources;   // ARNs (and "*"), one per class
  std::vector<std::string> principals;  // request principals (contracts.md §4)
  std::vector<std::string> accounts;    // every 12-digit account the documents name
  std::string fresh_account;            // an account no document names
  // [class][statement]: the statement's Action (resp. Resource) element may apply. Statements
  // are numbered across the documents in order.
  std::vector<std::vector<bool>> action_hits;
  std::vector<std::vector<bool>> resource_hits;
  // The extra patterns of the options each class matches ([class][pattern]).
  std::vector<std::vector<bool>> action_extra;
  std::vector<std::vector<bool>> resource_extra;
  bool exact = true;
  std::vector<std::string> why;  // what made it inexact
  bool variables = false;        // policy variables made it inexact (Resource, aws:username values)
  bool actions_complete = true;  // every action class was separated (bounds not hit)
};

Vocabulary vocabulary(std::span<const policy::Document* const> docs, const VocabularyOptions& options = {});

}  // namespace iw::reason

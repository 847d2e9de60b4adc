// What shows where a finding comes from, beyond its Location: the policy documents findings
// point into (with who holds each) and the chains of principals that escalation findings
// describe. Analyses fill them; writers show them ("what do I edit?") without knowing which
// analysis made them, as with Finding itself.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/source.h"

namespace iw {

// A policy document as written in its file. A finding belongs to it when the finding's
// Location names `file` and its line:column lies between `begin` and `end`.
struct PolicyDocument {
  std::string name;  // "arn:...:policy/p", "inline policy P of ARN", "trust policy of ARN", ...
  std::string file;  // the name Location::file gives to positions in it
  LineColumn begin, end;
  std::string text;  // the document's JSON text
  // [begin, end) byte ranges of each statement in `text` (statement i at index i; {0, 0} when
  // statement i could not be located).
  std::vector<std::pair<std::size_t, std::size_t>> statements;
  std::vector<std::string> holders;  // principals it applies to (users, groups, roles, accounts)
};

// One link of a chain: what leads from one node to the next.
struct ChainLink {
  std::string label;   // short, e.g. an escalation method
  std::string detail;  // e.g. the permissions it uses and on what
};

// The chain of principals one finding describes, e.g. an escalation path to administrator.
struct Chain {
  std::string finding_id, resource;  // the finding it belongs to (its id and resource)
  std::vector<std::string> nodes;    // the first is the finding's principal
  std::vector<ChainLink> links;      // links[i] leads from nodes[i] to nodes[i + 1]
};

// A way into a resource from outside its account (`access external`, contracts.md §9): who may
// act, with which actions and under which conditions. The audit lists them as its "external
// access" section.
struct ExternalAccess {
  std::string resource;                 // the resource's ARN (a role's, for its trust policy)
  std::string kind;                     // "trust policy" or "resource policy"
  bool is_public = false;               // anyone, or any AWS account
  std::vector<std::string> principals;  // as the allowing statements write them
  std::vector<std::string> actions;     // as written ("NotAction: x" for NotAction)
  std::vector<std::string> conditions;  // "StringEquals aws:SourceVpce vpce-1a2b"; empty: none
};

}  // namespace iw

// Deciding requests whose policies use policy variables, with the cvc5 SMT solver (strings).
//
// A policy variable (`arn:aws:s3:::home/${aws:username}/*`, `${aws:PrincipalTag/team}` in a
// condition value) relates two fields of one request, so the witness values of one key at a time
// (witness.h) cannot cover every behaviour. solve() asks instead, for one concrete action and
// identity policies only: is there a principal (user or role, any account, name and path), a
// resource and a context in which TARGET allows the request and OTHER (if any) does not?
// Everything that is a string is a solver variable: the principal's account, name and path, the
// resource, and each condition key (present / multi-valued / its value); the derived keys
// (aws:username, aws:PrincipalArn, aws:PrincipalAccount, ...) are terms over the principal.
// IAM globs become regular expressions (the Resource dialect's colon rules included), and a
// `${key}` inside a pattern becomes the concatenation with that key's string (no value: the
// pattern matches nothing, aws-evaluation-semantics.md §6).
//
// Answers: `unsat` is a proof that no such request exists; `sat` carries the model as a concrete
// request (contracts.md §4 fields) that the caller must confirm with the engine before trusting
// it; `unknown` says why not (the solver gave up or timed out, or the policies use what this
// encoding does not cover: numeric, date, IP and binary conditions, ...IgnoreCase, set operators,
// Principal elements). This is the only file that includes cvc5.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eval/request.h"
#include "policy/policy.h"

namespace iw::reason::smt {

struct Query {
  const policy::Document* target = nullptr;  // must allow the request
  const policy::Document* other = nullptr;   // must not allow it (nullptr: no such side)
  std::string action;                        // one concrete service:Name (a class representative)
  std::vector<std::string> resources;        // the resource matches one of these (Resource dialect); empty: any
  // Per solver call: a budget of cvc5 resource units (deterministic: the same answer on a loaded
  // machine; the cases of tests/cases/access need at most 100,000) and a wall-clock cap.
  std::uint64_t resource_limit = 500'000;
  unsigned timeout_ms = 10'000;
  // Keys whose empty value counts as absent (tag keys, eval::is_tag_key); set by solve().
  bool (*empty_is_absent)(std::string_view key_lower) = nullptr;
};

enum class Status : std::uint8_t { unsat, sat, unknown };

// The solver's model: the chosen fields of the request (the module's plain output).
struct Model {
  struct Key {
    std::string name;   // as first written in a policy
    std::string value;  // present, single-valued
    bool multi = false; // present with several values (then `value` is unused)
  };
  std::string principal, resource, account;
  std::vector<Key> context;  // present keys only
};

struct Answer {
  Status status = Status::unknown;
  Model model;                // sat: filled by the solver module
  eval::RequestSpec request;  // sat: the model as a request (principal, action, resource, account, context)
  std::string reason;         // unknown: why
};

// Why `doc` cannot be encoded ("" when it can).
std::string unsupported(const policy::Document& doc);

Answer solve(const Query& q);

}  // namespace iw::reason::smt

// `guardrails verify DIR --snapshot SNAPSHOT`: what each guardrail of a generated set would
// change for the principals of an account snapshot (docs/guardrails.md).
//
// read_set() reads DIR/guardrails.json (the manifest `generate` writes) and every SCP it names,
// validated as SCPs. verify() then asks the access model (access::Model, the same as `can` and
// `who-can`) each guardrail's probes (guardrails.h) for every user and role, once as the snapshot
// stands and once with the guardrail attached to the account (beside its SCP levels, or with
// FullAWSAccess when the snapshot has none), and reports:
//   guardrail-blocks     (info) per guardrail: which principals lose which probed actions;
//   guardrail-locks-out  (high) per guardrail and principal: a break-glass principal (manifest
//                        or `extra_break_glass`) or a protected role loses an action it has
//                        today, or any principal loses an action the guardrail is meant to keep.
// An SCP listed under a name `generate` does not know is probed with the literal actions of its
// Deny statements.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "account/account.h"
#include "core/finding.h"
#include "core/source.h"
#include "guardrails/guardrails.h"
#include "policy/policy.h"

namespace iw::guardrails {

// Bad input: "file:line:column: message" (or "file: message").
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Guardrail {
  std::string name;
  std::string path;        // the SCP file: DIR/file
  std::string description;
  Parameters parameters;   // its own, else the manifest's
  std::unique_ptr<SourceText> source;
  policy::Document document;
};

struct Set {
  std::string manifest;  // DIR/guardrails.json
  std::vector<Guardrail> guardrails;
};

// The guardrails a manifest lists (names, SCP paths under `dir`, parameters); no SCP is read.
// Pure: touches no file, so it can be fuzzed. Throws Error ("file:line:column: message").
Set parse_manifest(const SourceText& manifest, const std::string& dir);

// Reads DIR/guardrails.json and the SCPs it names. Throws Error.
Set read_set(const std::string& dir);

struct VerifyOptions {
  std::vector<std::string> extra_break_glass;  // principals that must keep access, as ARN patterns
  unsigned threads = 0;
};

// The findings of every guardrail of `set` for the principals of `a`. `a`'s SCP levels are
// changed while it runs and restored before it returns.
std::vector<Finding> verify(const Set& set, account::Account& a, const VerifyOptions& options);

}  // namespace iw::guardrails

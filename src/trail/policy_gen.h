// Least-privilege identity policies from activity (`trail generate-policy`, contracts.md §6).
//
// A PolicyGenerator collects the successful calls one principal made (calls.h: the IAM action and
// the resources it was authorized on) and builds an identity policy that allows exactly those:
// one statement per set of resources, actions sorted. Resources stay the observed ARNs; only when
// an action was seen on more than kMaxResources distinct ARNs are they generalized, to the
// longest prefix they share followed by "*" (never shorter than "arn:P:SERVICE:REGION:ACCOUNT:"),
// else "*". An action seen on "*" (no resource the event names) gets "*".
//
// verify() checks the result before anyone uses it: the policy lints clean as an identity policy
// (no finding of lint's validity checks; risk findings are returned as notes) and the engine
// allows every observed call under it alone.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "trail/calls.h"
#include "trail/events.h"

namespace iw::trail {

struct GeneratedPolicy {
  std::string json;                        // the policy document, pretty-printed
  std::vector<Call> calls;                 // every distinct observed call (action, resource)
  std::map<std::string, std::size_t> unmapped;  // "source:Name" -> count: calls no IAM action fits
  std::size_t events = 0;                  // successful events of the principal
};

class PolicyGenerator {
 public:
  static constexpr std::size_t kMaxResources = 20;

  // `principal`: an IAM user or role ARN (an assumed role's sessions count as the role), or an
  // assumed-role session ARN.
  explicit PolicyGenerator(std::string principal, IamNameResolver names = {})
      : principal_(std::move(principal)), names_(std::move(names)) {}

  void add(const Event& e);
  GeneratedPolicy build() const;

 private:
  std::string principal_;
  IamNameResolver names_;
  std::map<std::string, std::set<std::string>> resources_;  // action -> resources
  std::map<std::string, std::size_t> unmapped_;
  std::size_t events_ = 0;
};

struct Verification {
  std::vector<std::string> errors;  // lint validity findings, denied calls: the policy is wrong
  std::vector<std::string> notes;   // lint risk findings (the activity itself was risky)
  bool ok() const { return errors.empty(); }
};

// Lints `p.json` and simulates every call of `p` for `principal` against it.
Verification verify(const GeneratedPolicy& p, const std::string& principal);

}  // namespace iw::trail

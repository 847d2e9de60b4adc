// Internal to iac/: the intrinsic-function evaluator of one CloudFormation template.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "iac/model.h"
#include "iac/value.h"

namespace iw::iac::cfn {

// What a declared resource is called, for Ref and Fn::GetAtt.
struct Names {
  std::string ref;  // what Ref returns
  std::string arn;  // what Fn::GetAtt X.Arn returns ("" = unknown)
};

class Evaluator {
 public:
  Evaluator(const Value& root, const Environment& env, Declarations& out);

  // `v` with every intrinsic evaluated. Fn::If inside a list contributes both branches; as a
  // member value of Action/Resource/Principal-like keys both branches too (as a list); elsewhere
  // the branch the condition takes with parameter defaults, else the true branch.
  Value eval(const Value& v, std::size_t depth = 0);
  // The string a value stands for (lists and objects: a placeholder).
  std::string text(const Value& v, std::size_t depth = 0);
  // The names of the declared resource `logical` (nullopt when there is none).
  std::optional<Names> names(const std::string& logical, std::size_t depth = 0);
  // A condition of the Conditions section, with parameter defaults; nullopt = undecided.
  std::optional<bool> condition(const std::string& name, std::size_t depth = 0);

  const Value* resources() const { return resources_; }
  const Environment& env() const { return env_; }
  Declarations& out() { return out_; }
  std::string arn(std::string_view service, std::string_view resource, bool regional = true) const;

 private:
  Value ref(const Value& arg, const Origin& at, std::size_t depth);
  Value get_att(const Value& arg, const Origin& at, std::size_t depth);
  Value sub(const Value& arg, const Origin& at, std::size_t depth);
  Value intrinsic(const std::string& fn, const Value& arg, const Origin& at, std::size_t depth);
  std::optional<bool> decide(const Value& v, std::size_t depth);
  Value unknown(const std::string& name, const std::string& why, const Origin& at);

  const Value& root_;
  const Environment& env_;
  Declarations& out_;
  const Value* resources_ = nullptr;
  const Value* parameters_ = nullptr;
  const Value* conditions_ = nullptr;
  const Value* mappings_ = nullptr;
  std::set<std::string> deciding_;
};

// AWS::NoValue: a value that removes the member or element holding it.
bool is_no_value(const Value& v);

}  // namespace iw::iac::cfn

#include "iac/model.h"

namespace iw::iac {

Value Declarations::unresolved_value(const std::string& name, std::string what, const Origin& at) {
  unresolved.try_emplace(name, Unresolved{std::move(what), at});
  return Value::placeholder(name, at);
}

}  // namespace iw::iac

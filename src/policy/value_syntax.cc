#include "policy/value_syntax.h"

#include "core/time.h"
#include "core/values.h"

namespace iw::policy {

bool value_fits(OpFamily family, std::string_view value) {
  switch (family) {
    case OpFamily::numeric: return parse_decimal(value).has_value();
    case OpFamily::date: return parse_instant(value).has_value();
    case OpFamily::ip: return parse_network(value).has_value();
    case OpFamily::boolean:
    case OpFamily::null: return parse_bool(value).has_value();
    case OpFamily::binary: return base64_decode(value).has_value();
    case OpFamily::string:
    case OpFamily::arn: return true;
  }
  return true;
}

}  // namespace iw::policy

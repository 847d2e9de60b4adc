// invalid-arn.
#include <fmt/format.h>

#include "lint/rules.h"
#include "policy/arn.h"

namespace iw::lint {

void check_arn_rules(Context& ctx) {
  for (const policy::Statement& st : ctx.doc().statements) {
    for (const policy::Located& r : st.resources) {
      const std::string problem = policy::arn_problem(r.text);
      if (!problem.empty()) {
        ctx.emit("invalid-arn", fmt::format("\"{}\": {}", r.text, problem), r.offset, &st);
      }
    }
  }
}

}  // namespace iw::lint

// Fuzz target: two policy documents separated by a NUL byte -> access diff (identity and
// resource kinds), check-no-public, and the engine's confirmation of any counterexample. Must
// never crash or hang, and a `fail` must always carry a counterexample the engine confirms.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "access/compare.h"
#include "access/external.h"
#include "eval/engine.h"
#include "policy/policy.h"

namespace {

std::optional<iw::access::PolicyInput> read(std::string_view text) {
  iw::policy::ParseResult r = iw::policy::parse_policy(text);
  if (!r.document || r.json_error || !r.grammar.empty() || r.document->statements.size() > 6) return std::nullopt;
  iw::eval::PolicySet set;
  set.identity.push_back(*r.document);
  iw::eval::CompileError error;
  if (!iw::eval::Engine::compile(set, error)) return std::nullopt;  // the engine refuses it: so does access
  return iw::access::PolicyInput{std::move(*r.document), r.text};
}

void check(const iw::access::Proof& p) {
  if ((p.result == iw::access::Result::fail) != p.counterexample.has_value()) std::abort();
  if (!p.counterexample) return;
  if (!iw::eval::make_request(p.counterexample->request)) std::abort();  // must be a valid §4 request
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 2048) return 0;  // keeps each run short: the search is exponential in conditions
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = all.find('\0');
  if (nul == std::string_view::npos) return 0;
  auto a = read(all.substr(0, nul));
  auto b = read(all.substr(nul + 1));
  if (!a || !b) return 0;
  const bool resource = iw::policy::infer_kind(a->doc) != iw::policy::Kind::identity &&
                        iw::policy::infer_kind(b->doc) != iw::policy::Kind::identity;
  check(iw::access::diff(*a, *b, resource ? iw::policy::Kind::resource : iw::policy::Kind::identity));
  if (resource) check(iw::access::check_no_public(*b, iw::policy::Kind::resource));
  return 0;
}

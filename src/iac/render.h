// A policy tree (value.h) as the JSON text that lint and the access model read, with a map
// from every line of that text back to the infrastructure code.
//
// Placeholders are rendered as contracts.md §7 says: inside a Principal or NotPrincipal they
// become a principal outside everything the code declares (account 000000000000 where the
// account is unknown, "iac-unresolved" elsewhere), so a trust never turns public by them;
// anywhere else (Action, Resource, condition values) the unresolved part becomes "*", so
// dangerous access is not missed. The text is pretty-printed with one scalar per line, so
// a lint finding's line names exactly one value of the source.
#pragma once

#include <string>
#include <vector>

#include "iac/value.h"

namespace iw::iac {

struct Rendered {
  std::string text;                  // the policy JSON
  std::vector<Origin> line_origin;   // per line of `text` (index line - 1): where it was written
  // Per statement (index in document order): its origin and the placeholders it depends on.
  struct Statement {
    Origin origin;
    std::vector<std::string> placeholders;
  };
  std::vector<Statement> statements;
  std::vector<std::string> placeholders;  // every placeholder of the document

  // The source origin of a 1-based line of `text` (the owner's origin when unknown).
  const Origin* origin_of_line(int line) const;
};

// Renders `document`; `fallback` is used for values without an origin of their own.
Rendered render(const Value& document, const Origin& fallback);

}  // namespace iw::iac

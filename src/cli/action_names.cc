#include "cli/action_names.h"

#include <fmt/format.h>

#include <cstdio>

#include "catalog/catalog.h"

namespace iw::cli {

namespace {

std::string did_you_mean(std::string_view suggestion) {
  return suggestion.empty() ? std::string() : fmt::format(" (did you mean {}?)", suggestion);
}

}  // namespace

std::string explain_unknown_action(std::string_view pattern) {
  const catalog::Catalog& cat = catalog::Catalog::get();
  const std::size_t colon = pattern.find(':');
  if (colon == std::string_view::npos) {
    if (pattern == "*") return {};
    return ": an action is written service:Name, e.g. s3:GetObject";
  }
  const std::string_view prefix = pattern.substr(0, colon);
  const bool wild_service = prefix.find_first_of("*?") != std::string_view::npos;
  if (!wild_service && cat.service(prefix) == nullptr) {
    return fmt::format(": unknown service '{}'{}", prefix, did_you_mean(cat.suggest_service(prefix)));
  }
  if (pattern.find_first_of("*?") == std::string_view::npos) {
    return did_you_mean(cat.suggest_action(pattern));
  }
  return {};
}

bool known_action(std::string_view pattern) {
  const catalog::Catalog& cat = catalog::Catalog::get();
  if (pattern.find_first_of("*?") == std::string_view::npos) return cat.action(pattern) != nullptr;
  return !cat.expand(pattern).empty();
}

void warn_if_unknown_action(std::string_view action) {
  if (known_action(action)) return;
  const std::string line = fmt::format("iamwarden: warning: {} is not in the action catalog{}\n", action,
                                       explain_unknown_action(action));
  std::fputs(line.c_str(), stderr);
}

}  // namespace iw::cli

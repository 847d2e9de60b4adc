// CloudTrail text read in unit tests as the trail commands read a file.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "trail/events.h"

namespace iw::trail {

// Calls on_event for every event of `text`, the bytes of a file named `name`; returns the warnings.
inline std::vector<Warning> read_text(std::string text, const std::function<void(const Event&)>& on_event,
                                      std::string_view name = "e.json") {
  std::vector<Warning> warnings;
  ReadStats stats;
  read_buffer(name, std::move(text), {}, on_event, warnings, stats);
  return warnings;
}

}  // namespace iw::trail

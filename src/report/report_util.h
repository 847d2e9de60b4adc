// Helpers shared by the writers of report/ (not part of the public interface).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace iw::report::detail {

// Severities from the most to the least severe, the order every summary uses.
inline constexpr std::array<Severity, 5> kSeveritiesDescending = {
    Severity::critical, Severity::high, Severity::medium, Severity::low, Severity::info};

// A copy of `findings` in sort_findings() order.
std::vector<Finding> sorted(const std::vector<Finding>& findings);

// The file a finding points at: its location's file, else its resource.
const std::string& artifact(const Finding& f);

// The code point of one well-formed UTF-8 sequence (as measured by utf8_sequence_length).
inline char32_t decode_utf8(std::string_view seq) {
  const auto b = [&](std::size_t k) {
    return static_cast<char32_t>(static_cast<unsigned char>(seq[k]));
  };
  switch (seq.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default: return 0xFFFD;
  }
}

// The rule description (why it matters) from the registry, or "" for an unregistered id.
std::string description_of(const Finding& f);

}  // namespace iw::report::detail

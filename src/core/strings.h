// Small string utilities shared by every layer. ASCII-only case rules, as IAM uses for names.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace iw {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
inline bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool iends_with(std::string_view s, std::string_view suffix);
std::vector<std::string_view> split(std::string_view s, char sep);
std::string_view trim(std::string_view s);
// The items separated by `sep` ("a, b, c").
std::string join(std::span<const std::string> items, std::string_view sep);
// Levenshtein distance, capped: returns cap+1 as soon as the distance exceeds cap.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap);
// True when s is valid UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool valid_utf8(std::string_view s);

}  // namespace iw

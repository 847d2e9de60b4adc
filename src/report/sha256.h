// SHA-256 (FIPS 180-4), for the HTML report's Content-Security-Policy hashes. Private to report/.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace iw::report::detail {

std::array<std::uint8_t, 32> sha256(std::string_view data);
// Standard base64 (RFC 4648 §4, with padding).
std::string base64(std::string_view bytes);

}  // namespace iw::report::detail

// SHA-256 (FIPS 180-4): the HTML report's Content-Security-Policy hashes and the payload hash of
// signed S3 requests.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace iw {

std::array<std::uint8_t, 32> sha256(std::string_view data);
// Standard base64 (RFC 4648 §4, with padding).
std::string base64(std::string_view bytes);
// Lower-case hexadecimal of sha256(data), as AWS Signature Version 4 writes hashes.
std::string sha256_hex(std::string_view data);

}  // namespace iw

// The HTML report's inline style sheet and script (not part of the public interface). The
// page's Content-Security-Policy allows exactly these texts, by their SHA-256.
#pragma once

#include <string_view>

namespace iw::report::detail {

std::string_view html_style();
std::string_view html_script();

}  // namespace iw::report::detail

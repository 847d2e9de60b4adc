// Escaping for the HTML report (not part of the public interface).
//
// Every string from the input goes through display_text() (valid UTF-8; C0 controls shown as
// control pictures; bidirectional controls shown as [U+XXXX]) and then either html() (entity
// escaped: safe as text and in quoted attributes) or the JSON data block, whose text
// script_safe_json() makes unable to close its <script> element.
#pragma once

#include <string>
#include <string_view>

namespace iw::report::detail {

// `s` as text that is safe to show: valid UTF-8, C0 controls (but \n and \t) and DEL as their
// Unicode control pictures, and the invisible bidirectional controls as a visible [U+XXXX].
std::string display_text(std::string_view s);

// Entity-escaped display text: safe as HTML text and as a double- or single-quoted attribute.
std::string html(std::string_view s);

// JSON text that can sit inside <script type="application/json">: <, > and & occur in JSON
// only inside strings, where \u escapes mean the same characters.
std::string script_safe_json(std::string_view json);

// "'sha256-BASE64'": the Content-Security-Policy source of an inline element with `content`.
std::string csp_hash(std::string_view content);

}  // namespace iw::report::detail

// Telling users about action names the catalog does not know, the same way everywhere:
// `actions expand|show` refuse them, `simulate`, `can` and `who-can` answer but warn.
#pragma once

#include <string>
#include <string_view>

namespace iw::cli {

// Why no action is known by `pattern`, to append to a message: "" (a pattern that matches, or
// "*"), ": unknown service 'ec3' (did you mean ec2?)", " (did you mean s3:GetObject?)", or a hint
// on how actions are written.
std::string explain_unknown_action(std::string_view pattern);

// True when `pattern` (an action, or a pattern with * and ?) matches some catalog action.
bool known_action(std::string_view pattern);

// When `action` matches no catalog action, prints on stderr
// "iamwarden: warning: s3:GetObjet is not in the action catalog (did you mean s3:GetObject?)";
// the answer for it is still given (AWS treats an unknown action as matching only the
// policies' wildcards).
void warn_if_unknown_action(std::string_view action);

}  // namespace iw::cli

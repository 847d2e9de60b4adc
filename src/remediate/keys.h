// keys rotate USER: replace a user's access key without downtime (contracts.md §8).
//
// One run does the next step of the rotation, decided from the user's keys (ListAccessKeys):
//   no key, or one key:   create a new key (written first, to a new file of mode 0600, or to
//                         stdout when asked), then deactivate the old key;
//   an active key and an inactive one, the active one created at least `grace_days` ago:
//                         delete the inactive (old) key -- the rotation is complete;
//   otherwise (two active keys, or the grace period not over):
//                         refuse (RotateError) and say when to run again.
// With grace_days 0 the old key is deleted in the same run. The secret goes only to the key file
// (or stdout); it is never in a message.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

#include "aws/client.h"

namespace iw::remediate {

struct RotateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RotateOptions {
  std::string user;
  int grace_days = 7;
  std::string key_file;   // "" = USER.access-key.json in the current directory
  bool to_stdout = false; // the new key on stdout instead of a file
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

struct RotateResult {
  std::string step;        // "rotated", "completed"
  std::string new_key_id;  // rotated: the new key
  std::string old_key_id;  // the key deactivated (rotated) or deleted (completed); "" if none
  std::string key_file;    // rotated, to a file: where the new key is
  std::string key_json;    // rotated, with to_stdout: the new key (secret included)
  bool old_deleted = false;
  std::string message;     // one sentence for a person
};

RotateResult rotate_key(aws::Client& client, const RotateOptions& options);

}  // namespace iw::remediate

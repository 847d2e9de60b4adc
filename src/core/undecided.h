// What an analysis could not decide, and which snapshot file would decide it: escalation
// methods through existing compute without compute.json, credential checks without a credential
// report, and so on. Reported next to the findings (JSON "undecided", a note on stderr) so that
// silence is never mistaken for a clean result.
#pragma once

#include <string>
#include <vector>

namespace iw {

class JsonWriter;

struct Undecided {
  std::string what;               // "methods" (escalation method ids) or "checks" (finding ids)
  std::vector<std::string> ids;   // sorted
  std::string needs;              // the snapshot file that would decide them, e.g. "compute.json"
};

// Adds `u` to `list` unless an entry with the same what and needs is there (accounts of an
// organization often lack the same file): then the ids are merged.
void merge_undecided(std::vector<Undecided>& list, const Undecided& u);

// `"undecided": [{"methods": [...], "needs": "compute.json"}, ...]` as a member of the object
// being written; nothing when `list` is empty.
void write_undecided(JsonWriter& w, const std::vector<Undecided>& list);

// "undecided without roles.json: checks role-max-session-long", or with many ids "undecided
// without compute.json: 26 methods (a, b, c, d, ... ; --format json lists them)": one line.
std::string undecided_line(const Undecided& u);

}  // namespace iw

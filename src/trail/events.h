// Reading CloudTrail events in every form AWS produces (contracts.md §6).
//
// read_events() walks the paths given (files, directories recursively, "-" for stdin) and calls
// back once per event, one file at a time: memory is bounded by the largest file (its bytes,
// decompressed, and its parsed tree), never by the number of files. Forms, told apart by content,
// not by name:
//   - S3 delivery files {"Records": [event, ...]}, plain or gzip (several gzip members too);
//   - one JSON value per line (NDJSON), plain or gzip; each line any of these forms;
//   - EventBridge envelopes {"detail-type": ..., "detail": event};
//   - `aws cloudtrail lookup-events` output {"Events": [{"CloudTrailEvent": "<event JSON>"}]};
//   - CloudTrail Lake results: `get-query-results` {"QueryResultRows": [[{"col": value}, ...]]}
//     (a column `eventJson` holding the event as a string is read as the event), or a JSON
//     array of rows (objects);
//   - a bare event object, or a JSON array of events.
// Directories yield *.json, *.json.gz, *.jsonl(.gz), *.ndjson(.gz) and *.gz files, sorted;
// CloudTrail digest files (a path with "CloudTrail-Digest") are skipped.
//
// Bad input never stops the read: a truncated gzip, a file that is no JSON or no CloudTrail, an
// event without a readable eventTime become Warnings naming the file and record, and the rest is
// read. Invalid UTF-8 is warned about and replaced by '?' so that the file's other events are
// still read. The caller decides whether warnings are fatal (--strict).
//
// An Event is a view into the parsed file (trail/tree.h): valid only during the callback.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/time.h"
#include "trail/tree.h"

namespace iw::trail {

// One CloudTrail event, as parsed.
class Event {
 public:
  Event(const Tree& doc, const TreeNode& root, std::string_view file, long long record);

  const Tree& document() const { return *doc_; }
  const TreeNode& root() const { return *root_; }
  std::string_view file() const { return file_; }     // the file as named ("-" is "<stdin>")
  long long record() const { return record_; }        // 0-based index of the event in its file
  Timestamp time() const { return time_; }            // eventTime, as the reader read it
  void set_time(Timestamp time) { time_ = time; }

  // The value at a dotted path of object members ("userIdentity.arn"), or nullptr. Arrays on the
  // way are not entered (see for_each_value for that).
  const TreeNode* find(std::string_view dotted) const;
  // The text of the value at `dotted` when it is a string or a number, else "".
  std::string_view str(std::string_view dotted) const;
  // Calls fn for every value reached by `dotted`, fanning out over arrays met on the way and at
  // the end (an array of strings yields each string).
  void for_each_value(std::string_view dotted, const std::function<void(const TreeNode&)>& fn) const;
  // The event's text of a scalar node: strings and numbers as written, booleans "true"/"false",
  // null "" (and `is_null`).
  static std::string_view scalar_text(const TreeNode& n);

 private:
  // The top-level members every detection reads, found in one pass when the event is made
  // (kHot in events.cc; the first of duplicates, as Tree::member()).
  static constexpr std::size_t kHotCount = 15;
  const TreeNode* member(std::string_view key) const;

  const Tree* doc_;
  const TreeNode* root_;
  const TreeNode* hot_[kHotCount] = {};
  std::string_view file_;
  long long record_;
  Timestamp time_ = 0;
};

// The principal an event is about, for grouping: an assumed role's session counts as its role
// (sessionContext.sessionIssuer.arn), any other identity as userIdentity.arn, else its type
// ("AWSService", "Root" …), else "".
std::string_view principal_key(const Event& e);

// Fills what every finding about `e` carries (contracts.md §6): resource (userIdentity.arn, else
// userIdentity.type), account (recipientAccountId), the "event" fields present and the location
// {file, record}.
void describe_event(const Event& e, Finding& f);

// The call as "service:Name": the eventSource's first label and the eventName
// ("iam.amazonaws.com" + "CreateUser" -> "iam:CreateUser"). Not always the IAM action: see
// policy_gen.h for that.
std::string call_name(const Event& e);

// True when the call failed (an errorCode is present).
inline bool failed(const Event& e) { return !e.str("errorCode").empty(); }

struct Warning {
  std::string file;
  long long record = -1;  // -1: about the whole file
  std::string message;
};
// "FILE: record N: MESSAGE" (or "FILE: MESSAGE").
std::string to_string(const Warning& w);

struct ReadOptions {
  std::optional<Timestamp> since, until;  // eventTime filter, both inclusive
  std::size_t max_file_bytes = 1u << 30;  // a file larger than this (decompressed) is refused
};

struct ReadStats {
  std::size_t files = 0;        // files read (digests not counted)
  std::size_t digests = 0;      // digest files skipped
  std::size_t events = 0;       // events passed to the callback
  std::size_t filtered = 0;     // events outside --since/--until
  std::size_t bytes = 0;        // JSON bytes read (after decompression)
};

// Expands `paths` into the files to read. Throws std::runtime_error naming a path that does not
// exist or a directory that holds no event file.
std::vector<std::string> expand_event_paths(const std::vector<std::string>& paths, ReadStats& stats);

// Reads every event of `files` (from expand_event_paths) in order; `on_event` is called for each
// event inside the time window. Problems go to `warnings`. Throws std::runtime_error only when a
// file cannot be opened at all.
void read_events(const std::vector<std::string>& files, const ReadOptions& options,
                 const std::function<void(const Event&)>& on_event, std::vector<Warning>& warnings,
                 ReadStats& stats);

// Readers for `count` files read at once, made now on this thread, each with room for a file of
// `bytes` (more is taken when a file needs it). Call before starting threads that read: what a
// thread allocates itself comes from a heap of its own, grown in small pages.
void reserve_readers(std::size_t count, std::size_t bytes);
// What reserve_readers() is given for CloudTrail's own files (a few MB each, decompressed).
inline constexpr std::size_t kTypicalFileBytes = std::size_t{4} << 20;

// Reads the events of one in-memory file (plain or gzip bytes) named `name`: the part of
// read_events() after the file is read (fuzzed).
void read_buffer(std::string_view name, std::string bytes, const ReadOptions& options,
                 const std::function<void(const Event&)>& on_event, std::vector<Warning>& warnings,
                 ReadStats& stats);

// A growable byte buffer for a file's text, reused from one file to the next: growing it does not
// zero the new bytes, and json::kPadding zero bytes always follow its end (simdjson reads the
// text in place).
class TextBuffer {
 public:
  char* data() { return data_.get(); }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_.get(), size_}; }
  void clear() { resize(0); }
  // Sets the size to `n`: bytes beyond the old size are unspecified until written.
  void resize(std::size_t n);
  // Room for `n` bytes without growing; the size stays.
  void reserve(std::size_t n);

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

// Decompresses gzip data (one or more members) with libdeflate into `out`. Returns "" on success,
// else why not (truncated, corrupt, larger than `max_bytes`).
std::string gunzip(std::string_view in, TextBuffer& out, std::size_t max_bytes);

}  // namespace iw::trail

// Reading many requests fast: the "requests" array of a batch file and NDJSON request lines
// (docs/simulate.md). Each request object is read with simdjson On-Demand straight into a
// reused RequestSpec: no located tree, no allocation once the spec's storage has grown.
//
// The fast readers accept what the located reader (request_file.h) accepts and fill the same
// RequestSpec (fuzz/fuzz_ndjson.cc checks it); they carry no messages. When a request is not one
// they stop and say so, and the caller asks the located reader what is wrong and where:
// NdjsonRequests does it itself for its line, a batch's caller re-reads the file with
// parse_request_file(). Limits are the located reader's: nesting depth 64, documents of 64 MiB;
// an NDJSON line is at most `max_line` bytes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/line_reader.h"
#include "eval/request.h"
#include "eval/request_file.h"

namespace iw::eval {

// The requests of a batch read with RequestsMode::stream, in order. `file` must outlive it.
// It reads with the thread's shared On-Demand parser (json/ondemand.h): no json::parse() on
// this thread while it is in use.
class BatchRequests {
 public:
  explicit BatchRequests(const RequestFile& file);
  ~BatchRequests();
  BatchRequests(const BatchRequests&) = delete;
  BatchRequests& operator=(const BatchRequests&) = delete;

  // The next request into `spec`. False at the end of the array, or when a request is not valid
  // (failed() then: re-read the file with the located reader for the message).
  bool next(RequestSpec& spec);
  bool failed() const { return failed_; }
  // Requests read so far.
  std::size_t count() const { return count_; }
  // Starts again at the first request, without parsing the array again (the second pass of a
  // caller that checks every request before it decides any).
  void rewind();

 private:
  void start();
  struct State;
  std::unique_ptr<State> state_;
  std::string federated_by_;
  bool failed_ = false;
  std::size_t count_ = 0;
};

// NDJSON requests from `lines`: one request object per line, with the fields of a batch
// element; lines holding only spaces, tabs and CRs are skipped. `name` names the input in
// messages; `federated_by` is the default for a request that has none.
class NdjsonRequests {
 public:
  enum class Status { request, end, error };

  NdjsonRequests(LineReader& lines, std::string name, std::string federated_by);
  ~NdjsonRequests();
  NdjsonRequests(const NdjsonRequests&) = delete;
  NdjsonRequests& operator=(const NdjsonRequests&) = delete;

  // The next request into `spec`, the end of the input, or an error: error() then says what is
  // wrong, as "name:line:column: message" (or "name:line: message" for a line over the limit).
  Status next(RequestSpec& spec);
  // The line of the last request read, or of the error.
  std::size_t line() const { return lines_.line_number(); }
  const std::string& error() const { return error_; }
  const std::string& name() const { return name_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  LineReader& lines_;
  std::string name_;
  std::string federated_by_;
  std::string error_;
};

// Reads the request object in `json` (followed in memory by SourceText::kPadding readable
// bytes) into `spec` with the fast reader; false when the located reader would not accept it.
// The building block of the readers above, exposed for tests and fuzzing.
bool read_request_fast(std::string_view json, std::string_view federated_by, RequestSpec& spec);

}  // namespace iw::eval

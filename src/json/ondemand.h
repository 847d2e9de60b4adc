// The simdjson On-Demand parser behind json::parse(), for the library's own fast JSON readers
// (eval/request_stream.cc) to share its buffers: the structural index of a large document is
// then allocated and touched once per thread, not once per reader.
//
// Using it ends the simdjson document of the previous use on this thread (json::Document trees
// are unaffected: they own their data), so a caller must be done with its document before it
// calls json::parse() or another user of this parser again. simdjson's On-Demand types depend on
// the compiler's target flags: include this only from sources built with the JSON reader's
// flags (CMakeLists.txt lists them).
#pragma once

#include <simdjson.h>

namespace iw::json {

simdjson::ondemand::parser& thread_parser();

}  // namespace iw::json

// Fuzz target: CloudTrail input of any form (gzip, Records, NDJSON, EventBridge, lookup-events,
// Lake rows), read and run through the built-in detections and a few Sigma rules. Bad input
// must become warnings, never a crash or a hang; every event passed on has a readable time.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "trail/baseline.h"
#include "trail/detect.h"
#include "trail/sigma.h"

namespace {

const iw::trail::sigma::RuleSet& rules() {
  static const iw::trail::sigma::RuleSet set = [] {
    iw::trail::sigma::RuleSet s;
    s.add("fuzz.yml",
          "title: a\nid: a\ndetection:\n  s: {eventName|startswith: Create, requestParameters.tags.key|contains: x}\n"
          "  t: {sourceIPAddress|cidr: 10.0.0.0/8}\n  condition: s or not t\n---\n"
          "title: b\nid: b\ndetection:\n  k: [admin]\n  r: {userAgent|re: '^aws-(cli|sdk)'}\n  f: {a.b|fieldref: c.d}\n"
          "  condition: 1 of them\n");
    return s;
  }();
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  iw::trail::Baseline baseline;
  iw::trail::DetectOptions options;
  options.sigma = &rules();
  options.baseline = &baseline;
  iw::trail::Detector detector(options);
  std::vector<iw::trail::Warning> warnings;
  iw::trail::ReadStats stats;
  iw::trail::ReadOptions read;
  read.max_file_bytes = 64u << 20;
  iw::trail::read_buffer("fuzz.json", std::move(bytes), read,
                         [&](const iw::trail::Event& e) {
                           if (e.record() < 0) std::abort();
                           baseline.learn(e);
                           detector.add(e);
                         },
                         warnings, stats);
  for (const iw::Finding& f : detector.take()) {
    if (f.resource.empty() || !f.location) std::abort();
  }
  return 0;
}

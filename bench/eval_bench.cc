// Authorization-engine throughput on one core: decisions per second for a realistic request mix
// (bench/eval_mix.mjs: identity policies with wildcards and conditions, a permissions boundary,
// three SCP levels, an S3 bucket policy; 256 requests). Policies are compiled once; each
// iteration evaluates one request into a reused Decision. IW_EVAL_REQUESTS names the batch
// request file (default /tmp/iamwarden-eval-requests.json, written by
// bench/eval_vs_iam_simulate.sh or `node bench/eval_mix.mjs > FILE`).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "eval/engine.h"
#include "eval/request.h"
#include "eval/request_file.h"

namespace {

struct Mix {
  std::optional<iw::eval::Engine> engine;
  std::vector<iw::eval::Request> requests;
  std::string error;
};

const Mix& mix() {
  static const Mix m = [] {
    Mix out;
    const char* path = std::getenv("IW_EVAL_REQUESTS");
    const std::string file = path ? path : "/tmp/iamwarden-eval-requests.json";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      out.error = "cannot read " + file + " (write it with: node bench/eval_mix.mjs > " + file + ")";
      return out;
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto parsed = iw::eval::parse_request_file(text, file);
    if (!parsed) {
      out.error = parsed.error;
      return out;
    }
    iw::eval::CompileError ce;
    out.engine = iw::eval::Engine::compile(parsed.value->policies, ce);
    if (!out.engine) {
      out.error = iw::eval::describe(*parsed.value, ce);
      return out;
    }
    for (const auto& spec : parsed.value->requests) {
      auto r = iw::eval::make_request(spec);
      if (!r) {
        out.error = r.error;
        return out;
      }
      out.requests.push_back(std::move(*r.value));
    }
    return out;
  }();
  return m;
}

void run(benchmark::State& state, bool explain) {
  const Mix& m = mix();
  if (!m.error.empty() || m.requests.empty()) {
    state.SkipWithError(m.error.empty() ? "no requests" : m.error.c_str());
    return;
  }
  iw::eval::Decision d;
  std::size_t i = 0, allowed = 0;
  const std::size_t n = m.requests.size();
  for (auto _ : state) {
    m.engine->evaluate(m.requests[i], d, explain);
    allowed += d.outcome == iw::eval::Outcome::allow;
    benchmark::DoNotOptimize(d);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["decisions/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["allow%"] = 100.0 * static_cast<double>(allowed) / static_cast<double>(state.iterations());
}

void BM_Evaluate(benchmark::State& state) { run(state, false); }
void BM_EvaluateExplain(benchmark::State& state) { run(state, true); }
BENCHMARK(BM_Evaluate);
BENCHMARK(BM_EvaluateExplain);

// Compile cost of the mix's policy set (for scale: done once per policy set).
void BM_Compile(benchmark::State& state) {
  const char* path = std::getenv("IW_EVAL_REQUESTS");
  const std::string file = path ? path : "/tmp/iamwarden-eval-requests.json";
  std::ifstream in(file, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto parsed = iw::eval::parse_request_file(text, file);
  if (!parsed) {
    state.SkipWithError(parsed.error.c_str());
    return;
  }
  for (auto _ : state) {
    iw::eval::CompileError ce;
    auto e = iw::eval::Engine::compile(parsed.value->policies, ce);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Compile);

}  // namespace

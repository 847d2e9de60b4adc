// Privilege-escalation graph: build + full shortest-path query on a synthetic organization
// (iamwarden demo generate: 2,000 users, 8,000 roles, 2,000 customer-managed policies in one
// account; policies = users), with 1 and 2 worker threads, with and without the generated SCPs. The snapshot is generated once into a temp directory
// and loaded once; each iteration builds the graph and lists every principal's path.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <tuple>

#include "account/account.h"
#include "demo/generate.h"
#include "graph/graph.h"

namespace {

namespace fs = std::filesystem;

// scps = false drops the generated SCPs: they deny cloudtrail:StopLogging, which leaves no
// principal admin-equivalent (and so no path); without them the org has admins and paths.
const iw::account::Account& org(int users, int roles, int policies, bool scps) {
  static std::map<std::tuple<int, int, int, bool>, iw::account::Account> cache;
  auto key = std::make_tuple(users, roles, policies, scps);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const fs::path dir = fs::temp_directory_path() /
                       ("iw-graph-bench-" + std::to_string(users) + "-" + std::to_string(roles));
  iw::demo::GenerateOptions options;
  options.accounts = 1;
  options.users = users;
  options.roles = roles;
  options.policies = policies;
  iw::demo::generate(dir.string(), options);
  if (!scps) fs::remove(dir / "account-00" / "scps.json");
  auto account = iw::account::load_snapshot((dir / "account-00").string());
  fs::remove_all(dir);
  return cache.emplace(key, std::move(account)).first->second;
}

void BM_GraphBuildAndQuery(benchmark::State& state) {
  const auto& a = org(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                      static_cast<int>(state.range(0)), state.range(3) != 0);
  iw::graph::Options options;
  options.threads = static_cast<unsigned>(state.range(2));
  std::size_t paths = 0, checks = 0;
  for (auto _ : state) {
    iw::graph::Graph g(a, options);
    auto result = g.escalation_paths();
    paths = result.size();
    checks = g.edges_checked();
    benchmark::DoNotOptimize(result);
  }
  state.counters["principals"] = static_cast<double>(a.users.size() + a.roles.size());
  state.counters["paths"] = static_cast<double>(paths);
  state.counters["engine_checks"] = static_cast<double>(checks);
}

BENCHMARK(BM_GraphBuildAndQuery)
    ->ArgNames({"users", "roles", "threads", "scps"})
    ->Args({2000, 8000, 1, 0})
    ->Args({2000, 8000, 2, 0})
    ->Args({2000, 8000, 2, 1})
    ->Args({200, 800, 2, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace

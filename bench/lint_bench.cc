// Parse + lint throughput on one core over a corpus of policies, one JSON document per line
// (bench/gen_corpus.py). IW_CORPUS names the corpus file (default /tmp/iamwarden-corpus.jsonl).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/source.h"
#include "lint/lint.h"

namespace {

std::vector<iw::SourceText> load_corpus() {
  const char* path = std::getenv("IW_CORPUS");
  std::ifstream in(path ? path : "/tmp/iamwarden-corpus.jsonl");
  std::vector<iw::SourceText> out;
  std::string line;
  while (std::getline(in, line)) out.emplace_back("p" + std::to_string(out.size()), line);
  return out;
}

void BM_ParseAndLint(benchmark::State& state) {
  static const std::vector<iw::SourceText> corpus = load_corpus();
  if (corpus.empty()) {
    state.SkipWithError("empty corpus: set IW_CORPUS to the output of bench/gen_corpus.py");
    return;
  }
  (void)iw::catalog::Catalog::get();
  std::size_t bytes = 0, findings = 0, i = 0;
  std::vector<iw::Finding> out;
  for (auto _ : state) {
    const iw::SourceText& p = corpus[i++ % corpus.size()];
    out.clear();
    iw::lint::lint_text(p, {}, out);
    bytes += p.text().size();
    findings += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["findings/policy"] =
      static_cast<double>(findings) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ParseAndLint);

}  // namespace

// load_suite(): reads each policy file once, compiles each distinct policy set once.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <utility>

#include "eval/request_file.h"
#include "testsuite/suite.h"

namespace iw::testsuite {

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return text;
}

std::string CompiledSet::locate(const eval::PolicyRef& ref, std::uint32_t offset) const {
  for (const Origin& o : origins) {
    if (o.ref == ref && o.source) {
      const LineColumn lc = o.source->position(offset);
      return o.source->name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
    }
  }
  return {};
}

std::string CompiledSet::file_of(const eval::PolicyRef& ref) const {
  for (const Origin& o : origins) {
    if (o.ref == ref && o.source) return o.source->name();
  }
  return {};
}

namespace {

using eval::Layer;

constexpr Layer kLayers[] = {Layer::scp, Layer::rcp, Layer::resource, Layer::identity, Layer::boundary, Layer::session};

policy::Kind kind_of(Layer l) {
  switch (l) {
    case Layer::scp: return policy::Kind::scp;
    case Layer::rcp: return policy::Kind::rcp;
    case Layer::resource: return policy::Kind::resource;  // resource or trust: inferred
    case Layer::identity: return policy::Kind::identity;
    case Layer::boundary: return policy::Kind::boundary;
    case Layer::session: return policy::Kind::session;
    case Layer::caller: break;
  }
  return policy::Kind::identity;
}

std::string at(const std::string& file, Location l) {
  std::string s = file;
  if (l.line > 0) s += ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  return s;
}

struct LoadedPolicy {
  policy::Document doc;
  std::shared_ptr<const SourceText> source;
};

class Loader {
 public:
  Loader(const SuiteSpec& spec, const FileReader& reader)
      : spec_(spec), reader_(reader), base_(std::filesystem::path(spec.file).parent_path()) {}

  bool load(LoadedSuite& out) {
    std::map<std::string, std::size_t> set_index;  // set key -> index in out.sets
    for (const CaseSpec& c : spec_.cases) {
      // The case's layers replace the suite's.
      PolicyFiles files = spec_.policies;
      for (Layer l : kLayers) {
        if (c.policies[l].set) files[l] = c.policies[l];
      }
      std::string key;
      for (Layer l : kLayers) {
        key += std::string(eval::to_string(l)) + "{";
        for (const auto& level : files[l].levels) {
          key += "[";
          for (const PolicyFile& f : level) key += resolve(f.path) + "\n";
          key += "]";
        }
        key += "}";
      }
      auto [it, inserted] = set_index.try_emplace(key, out.sets.size());
      if (inserted && !compile(files, out)) return false;
      out.case_set.push_back(it->second);
    }
    return true;
  }

  std::string error;

 private:
  // The display path of a policy file: relative to the suite's folder unless absolute.
  std::string resolve(const std::string& path) const {
    const std::filesystem::path p(path);
    if (p.is_absolute() || base_.empty()) return p.lexically_normal().generic_string();
    return (base_ / p).lexically_normal().generic_string();
  }

  const LoadedPolicy* policy(const PolicyFile& f, Layer layer) {
    const std::string path = resolve(f.path);
    const auto key = std::make_pair(path, kind_of(layer));
    if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
    std::string why;
    auto text = reader_(path, why);
    if (!text) {
      error = at(spec_.file, f.where) + ": cannot read policy file " + path + ": " + why;
      return nullptr;
    }
    LoadedPolicy loaded;
    std::shared_ptr<const SourceText> source;
    auto doc = eval::load_policy(*text, path, kind_of(layer), source);
    if (!doc) {
      error = doc.error + " (" + std::string(eval::to_string(layer)) + " policy named at " + at(spec_.file, f.where) + ")";
      return nullptr;
    }
    loaded.doc = std::move(*doc.value);
    loaded.source = std::move(source);
    return &cache_.emplace(key, std::move(loaded)).first->second;
  }

  bool compile(const PolicyFiles& files, LoadedSuite& out) {
    eval::PolicySet set;
    std::vector<CompiledSet::Origin> origins;
    for (Layer l : kLayers) {
      const LayerFiles& lf = files[l];
      for (std::size_t level = 0; level < lf.levels.size(); ++level) {
        if (l == Layer::scp || l == Layer::rcp) (l == Layer::scp ? set.scps : set.rcps).emplace_back();
        for (std::size_t i = 0; i < lf.levels[level].size(); ++i) {
          const LoadedPolicy* p = policy(lf.levels[level][i], l);
          if (p == nullptr) return false;
          eval::PolicyRef ref{l, -1, -1};
          switch (l) {
            case Layer::identity:
              ref.index = static_cast<std::int32_t>(set.identity.size());
              set.identity.push_back(p->doc);
              break;
            case Layer::session:
              ref.index = static_cast<std::int32_t>(set.session.size());
              set.session.push_back(p->doc);
              break;
            case Layer::boundary: set.boundary = p->doc; break;
            case Layer::resource: set.resource = p->doc; break;
            case Layer::scp:
            case Layer::rcp: {
              auto& levels = l == Layer::scp ? set.scps : set.rcps;
              ref.level = static_cast<std::int32_t>(level);
              ref.index = static_cast<std::int32_t>(levels.back().size());
              levels.back().push_back(p->doc);
              break;
            }
            case Layer::caller: break;  // no policy layer
          }
          origins.push_back({ref, p->source});
        }
      }
    }
    eval::CompileError ce;
    auto engine = eval::Engine::compile(set, ce);
    if (!engine) {
      std::string where;
      for (const CompiledSet::Origin& o : origins) {
        if (o.ref == ce.policy && o.source) {
          const LineColumn lc = o.source->position(ce.offset);
          where = o.source->name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
        }
      }
      if (where.empty()) where = spec_.file + " (" + eval::label(ce.policy) + ")";
      error = where + ": " + ce.message;
      return false;
    }
    out.sets.push_back(CompiledSet{std::move(*engine), std::move(origins)});
    return true;
  }

  const SuiteSpec& spec_;
  const FileReader& reader_;
  std::filesystem::path base_;
  std::map<std::pair<std::string, policy::Kind>, LoadedPolicy> cache_;
};

}  // namespace

Result<LoadedSuite> load_suite(SuiteSpec spec, const FileReader& reader) {
  LoadedSuite out;
  try {
    Loader loader(spec, reader);
    if (!loader.load(out)) return Result<LoadedSuite>::fail(std::move(loader.error));
  } catch (const std::exception& e) {
    return Result<LoadedSuite>::fail(spec.file + ": cannot load the suite: " + e.what());
  }
  out.spec = std::move(spec);
  return Result<LoadedSuite>{std::move(out), {}};
}

Result<LoadedSuite> load_suite_file(const std::string& path, const FileReader& reader) {
  std::string why;
  auto text = reader(path, why);
  if (!text) return Result<LoadedSuite>::fail("cannot read suite " + path + ": " + why);
  auto spec = parse_suite(*text, path);
  if (!spec) return Result<LoadedSuite>::fail(std::move(spec.error));
  return load_suite(std::move(*spec.value), reader);
}

}  // namespace iw::testsuite

#include "cli/git_base.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "core/strings.h"

extern char** environ;

namespace iw::cli {

namespace fs = std::filesystem;

namespace {

struct Ran {
  int status = -1;  // exit status; -1 = did not start or was killed
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs argv[0] (looked up in PATH) with stdin from /dev/null and stdout/stderr captured in files
// under `scratch`.
Ran run(const std::vector<std::string>& argv, const fs::path& scratch) {
  const std::string out_path = (scratch / "stdout").string();
  const std::string err_path = (scratch / "stderr").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  Ran r;
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    r.err = argv[0] + ": cannot run: " + std::strerror(spawned);
    return r;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return r;
  }
  if (WIFEXITED(status)) r.status = WEXITSTATUS(status);
  r.out = slurp(out_path);
  r.err = r.err.empty() ? slurp(err_path) : r.err;
  return r;
}

std::string first_line(std::string_view s) {
  s = trim(s);
  return std::string(s.substr(0, s.find('\n')));
}

// Runs git; throws InputError "<what>: <git's message>" when it fails.
std::string git(const std::vector<std::string>& args, const fs::path& scratch, const std::string& what) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  Ran r = run(argv, scratch);
  if (r.status != 0) {
    std::string msg = std::string(trim(r.err));
    throw InputError(what + ": " + (msg.empty() ? "git failed" : msg));
  }
  return std::string(trim(r.out));
}

fs::path make_temp() {
  std::string pattern = (fs::temp_directory_path() / "iamwarden-base-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw InputError(std::string("cannot create a temporary directory: ") + std::strerror(errno));
  return pattern;
}

}  // namespace

BaseTree BaseTree::extract(const std::vector<std::string>& paths, const std::string& ref) {
  BaseTree b;
  b.temp_ = make_temp();
  b.tree_ = b.temp_ / "tree";
  fs::create_directory(b.tree_);
  const fs::path first = fs::absolute(paths.front());
  const fs::path dir = fs::is_directory(first) ? first : first.parent_path();
  const std::string top = git({"-C", dir.string(), "rev-parse", "--show-toplevel"}, b.temp_,
                              "--diff needs " + paths.front() + " in a git repository");
  b.top_ = fs::canonical(top);
  for (const std::string& p : paths) {
    const fs::path rel = fs::weakly_canonical(fs::absolute(p)).lexically_relative(b.top_);
    if (rel.empty() || rel.native().starts_with("..")) {
      throw InputError("--diff: " + p + " is not in the repository " + b.top_.string());
    }
    b.relative_.push_back(rel);
  }
  b.commit_ = git({"-C", b.top_.string(), "rev-parse", "--verify", "--end-of-options", ref + "^{commit}"}, b.temp_,
                  "--diff " + ref + ": not a commit of " + b.top_.string());
  const std::string tar = (b.temp_ / "base.tar").string();
  git({"-C", b.top_.string(), "archive", "--format=tar", "-o", tar, b.commit_}, b.temp_, "--diff " + ref);
  Ran r = run({"tar", "-xf", tar, "-C", b.tree_.string()}, b.temp_);
  if (r.status != 0) throw InputError("--diff " + ref + ": cannot unpack the revision: " + first_line(r.err));
  return b;
}

BaseTree::BaseTree(BaseTree&& other) noexcept
    : temp_(std::move(other.temp_)),
      tree_(std::move(other.tree_)),
      top_(std::move(other.top_)),
      relative_(std::move(other.relative_)),
      commit_(std::move(other.commit_)) {
  other.temp_.clear();
}

BaseTree::~BaseTree() {
  if (temp_.empty()) return;
  std::error_code ec;
  fs::remove_all(temp_, ec);
}

std::optional<std::string> BaseTree::base_of(std::size_t i) const {
  const fs::path p = relative_.at(i) == "." ? tree_ : tree_ / relative_.at(i);
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  return p.string();
}

}  // namespace iw::cli

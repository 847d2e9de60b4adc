// The files of a git revision, read without touching the user's working tree or index
// (`iac --diff REF`).
//
// BaseTree::extract(paths, ref) finds the repository holding the first path (all paths must be
// in it), checks that `ref` names a commit, and writes that commit's tree into a new temporary
// directory with `git archive` and `tar` run as child processes (no shell). The directory is
// removed when the BaseTree is destroyed, whatever happened in between. base_of() maps each
// input path to the same path in the revision. Throws InputError with git's own message for a
// path outside a repository, a bad ref, or a failed extraction. Not thread-safe (spawns
// processes).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace iw::cli {

class BaseTree {
 public:
  static BaseTree extract(const std::vector<std::string>& paths, const std::string& ref);
  BaseTree(BaseTree&& other) noexcept;
  BaseTree& operator=(BaseTree&&) = delete;
  BaseTree(const BaseTree&) = delete;
  BaseTree& operator=(const BaseTree&) = delete;
  ~BaseTree();

  // The counterpart of input path `i` in the revision; nullopt when the revision lacks it.
  std::optional<std::string> base_of(std::size_t i) const;
  // The extracted tree (a temporary directory) and the repository's top directory it mirrors.
  const std::filesystem::path& tree() const { return tree_; }
  const std::filesystem::path& top() const { return top_; }
  const std::string& commit() const { return commit_; }

 private:
  BaseTree() = default;
  std::filesystem::path temp_, tree_, top_;
  std::vector<std::filesystem::path> relative_;  // input paths relative to top_
  std::string commit_;
};

}  // namespace iw::cli

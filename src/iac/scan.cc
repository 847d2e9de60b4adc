#include "iac/scan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "iac/cfn.h"
#include "iac/plan.h"
#include "iac/terraform.h"
#include "iac/tree.h"

namespace iw::iac {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFileBytes = 32u << 20;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_terraform(std::string_view name) { return ends_with(name, ".tf") || ends_with(name, ".tf.json"); }

bool skipped_dir(const fs::path& p) {
  const std::string name = p.filename().string();
  return name == ".git" || name == ".terraform" || name == "node_modules";
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw ScanError(path + ": cannot read: " + ec.message());
  if (size > kMaxFileBytes) throw ScanError(path + ": larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScanError(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

// Text that is meant to be a template (so a parse error is an error, not a file to skip).
bool looks_like_template(std::string_view text) {
  return text.find("AWSTemplateFormatVersion") != std::string_view::npos ||
         text.find("AWS::Serverless") != std::string_view::npos ||
         (text.find("Resources") != std::string_view::npos && text.find("AWS::") != std::string_view::npos);
}

class Scanner {
 public:
  Scanner(const ScanOptions& options, Scan& out) : options_(options), out_(out) {}

  void path(const std::string& arg) {
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) throw ScanError(arg + ": no such file or directory");
    if (fs::is_directory(st)) {
      directory(arg);
    } else {
      file(arg, true);
    }
  }

  void finish() {
    if (!tf_dirs_.empty()) {
      std::vector<std::string> dirs(tf_dirs_.begin(), tf_dirs_.end());
      read_terraform(dirs, options_, out_);
    }
  }

 private:
  void directory(const std::string& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw ScanError(dir + ": cannot read: " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      if (it->is_directory() && skipped_dir(it->path())) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) file(f.string(), false);
  }

  void file(const std::string& path, bool named) {
    const std::string shown = display_path(path);
    const std::string name = fs::path(path).filename().string();
    if (is_terraform(name)) {
      tf_dirs_.insert(fs::path(path).parent_path().lexically_normal().string());
      return;
    }
    const bool json = ends_with(name, ".json");
    const bool yaml = ends_with(name, ".yaml") || ends_with(name, ".yml") || ends_with(name, ".template");
    if (!json && !yaml) {
      if (named) throw ScanError(shown + ": not infrastructure code (.tf, .tf.json, CloudFormation JSON/YAML, plan JSON)");
      out_.skipped.push_back(shown);
      return;
    }
    std::string text = read_file(path);
    Value root;
    std::string error;
    const bool ok = json ? load_json(shown, text, root, error) : load_yaml(shown, text, root, error);
    if (!ok) {
      if (named || looks_like_template(text)) throw ScanError(error);
      out_.skipped.push_back(shown);
      return;
    }
    if (json && is_plan(root)) {
      read_plan(root, options_.env, out_.decl);
      ++out_.plans;
    } else if (is_template(root)) {
      read_template(root, options_.env, out_.decl);
      ++out_.templates;
    } else {
      if (named) throw ScanError(shown + ": not a CloudFormation template or Terraform plan");
      out_.skipped.push_back(shown);
      return;
    }
    out_.files.push_back(shown);
    out_.texts.emplace(shown, std::move(text));
  }

  const ScanOptions& options_;
  Scan& out_;
  std::set<std::string> tf_dirs_;
};

}  // namespace

std::string display_path(const std::string& path) {
  fs::path p(path);
  if (p.is_absolute()) {
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (!ec) {
      const fs::path rel = p.lexically_normal().lexically_relative(cwd);
      if (!rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
    }
    return p.lexically_normal().generic_string();
  }
  std::string s = p.lexically_normal().generic_string();
  if (s.rfind("./", 0) == 0) s = s.substr(2);
  return s;
}

Scan scan(const std::vector<std::string>& paths, const ScanOptions& options) {
  Scan out;
  Scanner scanner(options, out);
  for (const std::string& p : paths) scanner.path(p);
  scanner.finish();
  if (out.files.empty()) {
    std::string where;
    for (const std::string& p : paths) where += (where.empty() ? "" : ", ") + p;
    throw ScanError("no Terraform, CloudFormation or plan files found in " + where);
  }
  return out;
}

}  // namespace iw::iac

// Loading a snapshot: which files, in which order, and what happens when one is bad.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

#include "account/reader.h"

namespace iw::account {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDetails = "authorization-details.json";

std::string join(const std::string& directory, std::string_view name) {
  if (directory.empty()) return std::string(name);
  if (directory.back() == '/') return directory + std::string(name);
  return directory + "/" + std::string(name);
}

bool known_file(std::string_view name) {
  return std::find(std::begin(kSnapshotFiles), std::end(kSnapshotFiles), name) != std::end(kSnapshotFiles);
}

std::string read_file(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) throw SnapshotError(path.string(), 0, 0, "cannot read: " + ec.message());
  if (size > max_bytes) {
    throw SnapshotError(path.string(), 0, 0,
                        "file is " + std::to_string(size) + " bytes, over the limit of " +
                            std::to_string(max_bytes) + " bytes");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw SnapshotError(path.string(), 0, 0, std::string("cannot open: ") + std::strerror(errno));
  std::string data;
  data.reserve(static_cast<std::size_t>(size) + SourceText::kPadding);  // SourceText pads in place
  data.resize(static_cast<std::size_t>(size));
  data.resize(std::fread(data.data(), 1, data.size(), f));
  // The file may have grown since file_size(): read the rest, still within the limit.
  char chunk[4096];
  bool too_large = false;
  for (std::size_t more = 0; data.size() == size && !too_large &&
                             (more = std::fread(chunk, 1, sizeof chunk, f)) > 0;) {
    too_large = data.size() + more > max_bytes;
    data.append(chunk, more);
    size = data.size();
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw SnapshotError(path.string(), 0, 0, "read error");
  if (too_large) {
    throw SnapshotError(path.string(), 0, 0, "file is over the limit of " + std::to_string(max_bytes) + " bytes");
  }
  return data;
}

std::string account_from_arns(const Account& a) {
  using detail::arn_account;
  for (const User& u : a.users) {
    if (auto id = arn_account(u.arn); !id.empty()) return std::string(id);
  }
  for (const Role& r : a.roles) {
    if (auto id = arn_account(r.arn); !id.empty()) return std::string(id);
  }
  for (const ManagedPolicy& p : a.policies) {
    if (auto id = arn_account(p.arn); !id.empty()) return std::string(id);
  }
  for (const Group& g : a.groups) {
    if (auto id = arn_account(g.arn); !id.empty()) return std::string(id);
  }
  return {};
}

// Decoded documents are views into their own SourceText, which moved with the PolicyDoc while
// the lists grew: point them at it again once the lists are final.
void rebind(PolicyDoc& d) {
  if (d.decoded) d.text = d.decoded->text();
}
void rebind_all(Account& a) {
  auto inline_docs = [](std::vector<InlinePolicy>& list) {
    for (InlinePolicy& p : list) rebind(p.doc);
  };
  for (User& u : a.users) inline_docs(u.inline_policies);
  for (Group& g : a.groups) inline_docs(g.inline_policies);
  for (Role& r : a.roles) {
    rebind(r.trust);
    inline_docs(r.inline_policies);
  }
  for (ManagedPolicy& p : a.policies) {
    for (PolicyVersion& v : p.versions) rebind(v.doc);
  }
  for (auto* levels : {&a.scps, &a.rcps}) {
    for (auto& level : *levels) {
      for (NamedPolicy& p : level) rebind(p.doc);
    }
  }
  for (ResourcePolicy& p : a.resource_policies) rebind(p.doc);
  for (IdentityCenterInstance& i : a.identity_center) {
    for (PermissionSet& ps : i.permission_sets) {
      if (ps.inline_policy) rebind(*ps.inline_policy);
    }
  }
}

using FileParser = std::function<void(const SourceText&, const LoadOptions&, Account&)>;

FileParser parser_for(std::string_view name) {
  using namespace detail;
  if (name == kDetails) return read_authorization_details;
  if (name == "roles.json") return read_roles;
  if (name == "credential-report.csv") {
    return [](const SourceText& s, const LoadOptions&, Account& a) { read_credential_report_csv(s, a); };
  }
  if (name == "credential-report.json") {
    return [](const SourceText& s, const LoadOptions& o, Account& a) {
      if (a.credential_report) {
        throw SnapshotError(s.name(), 0, 0, "credential-report.csv is also present: keep only one of the two");
      }
      read_credential_report_json(s, o, a);
    };
  }
  if (name == "account-summary.json") return read_account_summary;
  if (name == "password-policy.json") return read_password_policy;
  if (name == "scps.json") {
    return [](const SourceText& s, const LoadOptions& o, Account& a) { read_org_policies(s, o, a.scps); };
  }
  if (name == "rcps.json") {
    return [](const SourceText& s, const LoadOptions& o, Account& a) { read_org_policies(s, o, a.rcps); };
  }
  if (name == "resource-policies.json") return read_resource_policies;
  if (name == "compute.json") return read_compute;
  if (name == "identity-center.json") return read_identity_center;
  return read_snapshot_info;  // snapshot.json
}

}  // namespace

SnapshotError::SnapshotError(std::string file_, int line_, int column_, const std::string& message_)
    : std::runtime_error(line_ > 0 ? file_ + ":" + std::to_string(line_) + ":" + std::to_string(column_) + ": " +
                                         message_
                                   : file_ + ": " + message_),
      file(std::move(file_)),
      line(line_),
      column(column_),
      message(message_) {}

namespace {

// LoadOptions::question_resource: the resource has a policy of its own in `a`.
bool has_policy(const Account& a, std::string_view resource) {
  return a.user_by_arn(resource) != nullptr || a.role_by_arn(resource) != nullptr ||
         std::any_of(a.resource_policies.begin(), a.resource_policies.end(),
                     [&](const ResourcePolicy& p) { return p.arn == resource; });
}

// Whether a question's load left out principals that can reach the resource through its own
// policy: the snapshot must then be read with all of them.
bool left_out_too_many(const Account& a, const LoadOptions& options) {
  return a.principals_left_out != 0 && has_policy(a, options.question_resource);
}

Account read_sources(const std::string& directory, std::map<std::string, std::unique_ptr<SourceText>> files,
                     const LoadOptions& options);

// Whether the file can take part in a direct question's answer (LoadOptions::question_action):
// not the roles' session durations, the credential report, the account summary or the password
// policy, which only the audit and the escalation graph read.
bool answers_questions(std::string_view name) {
  return name != "roles.json" && name != "credential-report.csv" && name != "credential-report.json" &&
         name != "account-summary.json" && name != "password-policy.json";
}

// The files of a snapshot (by name, as in kSnapshotFiles), read into an Account.
Account load_sources(const std::string& directory, std::map<std::string, std::unique_ptr<SourceText>> files,
                     const LoadOptions& options) {
  if (options.question_resource.empty()) return read_sources(directory, std::move(files), options);
  std::map<std::string, std::unique_ptr<SourceText>> again;  // copies share their bytes
  for (const auto& [name, text] : files) again.emplace(name, std::make_unique<SourceText>(*text));
  Account account = read_sources(directory, std::move(files), options);
  if (!left_out_too_many(account, options)) return account;
  LoadOptions every_principal = options;
  every_principal.question_resource.clear();
  return read_sources(directory, std::move(again), every_principal);
}

Account read_sources(const std::string& directory, std::map<std::string, std::unique_ptr<SourceText>> files,
                     const LoadOptions& options) {
  for (const auto& [name, text] : files) {
    if (!known_file(name)) {
      throw SnapshotError(join(directory, name), 0, 0, "not a snapshot file (see docs/snapshot.md)");
    }
  }
  if (!files.count(std::string(kDetails))) {
    throw SnapshotError(join(directory, kDetails), 0, 0,
                        "missing required file (save it with: aws iam get-account-authorization-details "
                        "--output json > authorization-details.json)");
  }
  Account account;
  account.directory = directory;
  for (std::string_view name : kSnapshotFiles) {
    auto it = files.find(std::string(name));
    if (it == files.end() || (!options.question_action.empty() && !answers_questions(name))) continue;
    std::unique_ptr<SourceText> source = std::move(it->second);
    const bool required = name == kDetails;
    try {
      if (source->text().size() > options.max_file_bytes) {
        throw SnapshotError(source->name(), 0, 0,
                            "file is " + std::to_string(source->text().size()) + " bytes, over the limit of " +
                                std::to_string(options.max_file_bytes) + " bytes");
      }
      parser_for(name)(*source, options, account);
    } catch (const SnapshotError& e) {
      if (required || !options.keep_going) throw;
      account.skipped.push_back(e.what());
      continue;
    }
    account.files.emplace_back(name);
    account.sources.push_back(std::move(source));
  }
  if (account.id.empty()) account.id = account_from_arns(account);
  rebind_all(account);
  account.build_lookup();
  return account;
}

// A file of at least this size is mapped into memory rather than read (SourceText::map_file):
// a large authorization-details.json is then neither copied nor written into fresh pages.
constexpr std::uintmax_t kMapAtLeast = 1u << 20;

std::unique_ptr<SourceText> read_source(const fs::path& path, const std::string& name, std::size_t max_bytes) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size >= kMapAtLeast && size <= max_bytes) {
    if (auto mapped = SourceText::map_file(name, path.string(), static_cast<std::size_t>(size))) return mapped;
  }
  return std::make_unique<SourceText>(name, read_file(path, max_bytes));
}

}  // namespace

Account load_snapshot_files(const std::string& directory, std::map<std::string, std::string> files,
                            const LoadOptions& options) {
  std::map<std::string, std::unique_ptr<SourceText>> sources;
  for (auto& [name, text] : files) {
    sources.emplace(name, std::make_unique<SourceText>(join(directory, name), std::move(text)));
  }
  return load_sources(directory, std::move(sources), options);
}

Account load_snapshot(const std::string& directory, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    throw SnapshotError(directory, 0, 0, fs::exists(directory, ec) ? "not a directory" : "no such directory");
  }
  std::map<std::string, std::unique_ptr<SourceText>> files;
  std::vector<std::string> unreadable;  // with keep_going: optional files that could not be read
  for (std::string_view name : kSnapshotFiles) {
    const fs::path path = fs::path(directory) / name;
    if ((!options.question_action.empty() && !answers_questions(name)) || !fs::exists(path, ec)) continue;
    try {
      if (!fs::is_regular_file(path, ec)) throw SnapshotError(path.string(), 0, 0, "not a regular file");
      files.emplace(std::string(name), read_source(path, join(directory, name), options.max_file_bytes));
    } catch (const SnapshotError& e) {
      if (name == kDetails || !options.keep_going) throw;
      unreadable.push_back(e.what());
    }
  }
  Account account = load_sources(directory, std::move(files), options);
  account.skipped.insert(account.skipped.begin(), unreadable.begin(), unreadable.end());
  return account;
}

std::vector<Account> load_snapshots(const std::string& directory, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    throw SnapshotError(directory, 0, 0, fs::exists(directory, ec) ? "not a directory" : "no such directory");
  }
  std::vector<Account> out;
  if (fs::exists(fs::path(directory) / kDetails, ec)) {
    out.push_back(load_snapshot(directory, options));
    return out;
  }
  std::vector<fs::path> subdirs;
  for (auto it = fs::directory_iterator(directory, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code sub_ec;
    if (it->is_directory(sub_ec) && fs::exists(it->path() / kDetails, sub_ec)) subdirs.push_back(it->path());
  }
  if (ec) throw SnapshotError(directory, 0, 0, "cannot list: " + ec.message());
  if (subdirs.empty()) {
    throw SnapshotError(directory, 0, 0,
                        "no authorization-details.json here or in any subdirectory: not a snapshot "
                        "(see docs/snapshot.md)");
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const fs::path& p : subdirs) out.push_back(load_snapshot(p.string(), options));
  // LoadOptions::question_resource across accounts: a role of one trusting another's principals.
  const bool left_out =
      std::any_of(out.begin(), out.end(), [](const Account& a) { return a.principals_left_out != 0; });
  if (left_out &&
      std::any_of(out.begin(), out.end(), [&](const Account& a) { return has_policy(a, options.question_resource); })) {
    LoadOptions every_principal = options;
    every_principal.question_resource.clear();
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (out[i].principals_left_out != 0) out[i] = load_snapshot(subdirs[i].string(), every_principal);
    }
  }
  return out;
}

}  // namespace iw::account

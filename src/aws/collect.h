// collect: a snapshot (contracts.md §3, docs/snapshot.md) written by calling AWS.
//
// One account: IAM GetAccountAuthorizationDetails (every page, merged into the JSON the AWS
// CLI prints), the credential report, account summary, password policy (NoSuchEntity: an empty
// file, "no policy"), ListRoles, STS GetCallerIdentity -> snapshot.json with account_id,
// taken_at and "missing". Options add resource policies and compute (resources.cc),
// organization policies and member accounts (organization.cc), Identity Center
// (identity_center.cc).
//
// A permission the caller lacks (AccessDenied) on an optional API is a warning naming the API;
// the API is listed in snapshot.json "missing" and the snapshot is still written. Without
// authorization details or the caller identity there is no snapshot: AwsError is thrown.
// Credentials are never written.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "aws/client.h"

namespace iw::aws {

struct CollectOptions {
  bool resources = false;
  bool org = false;
  bool identity_center = false;
  std::string member_role;  // with org: the role assumed in each member account
  int threads = 4;
  // Called (from any thread, serialized by the collector) with a warning, and with progress.
  std::function<void(const std::string&)> warn = [](const std::string&) {};
  std::function<void(const std::string&)> progress = [](const std::string&) {};
  // For --org members: a client with the member role's credentials.
  std::function<Client(const std::string& account_id)> member_client;
};

struct CollectResult {
  std::string account_id;
  std::string directory;
  std::vector<std::string> files;    // written, in order
  std::vector<std::string> missing;  // APIs denied or failed ("iam:GetAccountPasswordPolicy")
};

// One collection run's shared state: warnings and the list of missing APIs.
class Collector {
 public:
  Collector(Client& client, const CollectOptions& options) : client_(client), options_(options) {}

  // Writes the account snapshot into `directory` (created). Throws AwsError / TransportError
  // when the required parts cannot be read, std::runtime_error when a file cannot be written.
  CollectResult account(const std::string& directory);

  Client& client() { return client_; }
  const CollectOptions& options() const { return options_; }

  // Runs `call`; an AwsError becomes a warning naming the API and a "missing" entry, and
  // false is returned.
  bool optional(const std::string& api, const std::function<void()>& call);
  void warn(const std::string& message);
  void progress(const std::string& what);
  std::vector<std::string> missing() const;
  void write_file(const std::string& directory, const std::string& name, const std::string& text);

  std::string account_id;  // of the caller, set first

 private:
  Client& client_;
  const CollectOptions& options_;
  mutable std::mutex mutex_;
  std::vector<std::string> missing_;
  std::vector<std::string> files_;
};

// Every page of a query API call, following Marker/IsTruncated (IAM) or NextToken: `lists`
// are the array members merged across pages; the result holds them and the last page's other
// members, without IsTruncated, Marker and NextToken.
Value query_all_pages(Client& client, std::string_view service, std::string_view action, Params params,
                      const std::vector<std::string>& lists);

// The same merge, for JSON APIs paginated by NextToken (`token` names the member in both request
// and answer: "NextToken", "nextToken").
Value json_all_pages(Client& client, std::string_view service, std::string_view target, std::string_view action,
                     const Value& request, const std::vector<std::string>& lists, const std::string& token = "NextToken");

// Appends the elements of page[list] to into[list] for each list (exposed for tests).
void merge_pages(Value& into, Value page, const std::vector<std::string>& lists);

// resources.cc: resource-policies.json and compute.json.
void collect_resources(Collector& c, const std::string& directory, const Value& authorization_details);
// identity_center.cc: identity-center.json.
void collect_identity_center(Collector& c, const std::string& directory, const std::vector<std::string>& accounts);
// organization.cc: scps.json and rcps.json for `account_id` (through the management account's
// client `org`), written to `directory`.
void collect_org_policies(Collector& c, Client& org, const std::string& account_id, const std::string& directory);
// The organization's active accounts (ids), through `org`.
std::vector<std::string> organization_accounts(Collector& c, Client& org);

// The whole run: one account into `outdir`, or with options.org the management account and
// every member (through options.member_client) into outdir/<account id>/.
std::vector<CollectResult> collect(Client& client, const std::string& outdir, const CollectOptions& options);

}  // namespace iw::aws

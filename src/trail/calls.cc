#include "trail/calls.h"

#include <fmt/format.h>

#include <set>

#include "core/strings.h"
#include "policy/glob.h"

namespace iw::trail {

namespace {

std::string_view iam_prefix(std::string_view source_prefix) {
  if (source_prefix == "monitoring") return "cloudwatch";
  if (source_prefix == "email") return "ses";
  if (source_prefix == "tagging") return "tag";
  return source_prefix;
}

// Lambda logs API versions in its event names: CreateFunction20150331, UpdateFunctionCode20150331v2.
std::string_view strip_api_version(std::string_view name) {
  std::size_t end = name.size();
  const std::size_t v = name.rfind('v');
  if (v != std::string_view::npos && v + 1 < end && name.find_first_not_of("0123456789", v + 1) == std::string_view::npos &&
      v >= 8) {
    end = v;
  }
  if (end >= 8 && name.substr(end - 8, 8).find_first_not_of("0123456789") == std::string_view::npos &&
      name.substr(end - 8, 2) == "20") {
    return name.substr(0, end - 8);
  }
  return name;
}

std::vector<std::string_view> s3_actions(std::string_view name) {
  if (name == "ListObjects" || name == "ListObjectsV2" || name == "HeadBucket") return {"ListBucket"};
  if (name == "ListObjectVersions") return {"ListBucketVersions"};
  if (name == "HeadObject" || name == "SelectObjectContent") return {"GetObject"};
  if (name == "CreateMultipartUpload" || name == "UploadPart" || name == "CompleteMultipartUpload") return {"PutObject"};
  if (name == "UploadPartCopy" || name == "CopyObject") return {"GetObject", "PutObject"};
  if (name == "DeleteObjects") return {"DeleteObject"};
  if (name == "ListParts") return {"ListMultipartUploadParts"};
  return {name};
}

std::string partition_of(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

// ARNs the request parameters name, derived per service.
void derived(const Event& e, std::string_view service, const IamNameResolver& names, std::vector<std::string>& out) {
  const std::string region(e.str("awsRegion"));
  std::string account(e.str("recipientAccountId"));
  if (account.empty()) account = e.str("userIdentity.accountId");
  const std::string p = partition_of(region);
  const auto param = [&](std::string_view k) { return e.str(std::string("requestParameters.") + std::string(k)); };
  if (service == "s3") {
    if (const std::string_view bucket = param("bucketName"); !bucket.empty()) {
      out.push_back(fmt::format("arn:{}:s3:::{}", p, bucket));
      if (const std::string_view key = param("key"); !key.empty()) out.push_back(fmt::format("arn:{}:s3:::{}/{}", p, bucket, key));
    }
  } else if (service == "iam") {
    for (std::string_view kind : {"user", "role", "group", "instance-profile"}) {
      const std::string key = kind == "instance-profile" ? "instanceProfileName" : std::string(kind) + "Name";
      const std::string_view name = param(key);
      if (name.empty()) continue;
      std::string arn = names ? names(kind, name) : std::string();
      if (arn.empty()) arn = fmt::format("arn:{}:iam::{}:{}/{}", p, account, kind, name);
      out.push_back(std::move(arn));
    }
  } else if (service == "lambda") {
    if (const std::string_view f = param("functionName"); !f.empty()) {
      out.push_back(f.starts_with("arn:") ? std::string(f) : fmt::format("arn:{}:lambda:{}:{}:function:{}", p, region, account, f));
    }
  } else if (service == "dynamodb") {
    if (const std::string_view t = param("tableName"); !t.empty()) out.push_back(fmt::format("arn:{}:dynamodb:{}:{}:table/{}", p, region, account, t));
  } else if (service == "ssm") {
    if (std::string_view n = param("name"); !n.empty() && !n.starts_with("arn:")) {
      if (n.starts_with('/')) n.remove_prefix(1);
      out.push_back(fmt::format("arn:{}:ssm:{}:{}:parameter/{}", p, region, account, n));
    }
  } else if (service == "logs") {
    if (const std::string_view g = param("logGroupName"); !g.empty()) out.push_back(fmt::format("arn:{}:logs:{}:{}:log-group:{}", p, region, account, g));
  } else if (service == "sqs") {
    // https://sqs.REGION.amazonaws.com/ACCOUNT/NAME
    const std::string_view url = param("queueUrl");
    const std::size_t name_at = url.rfind('/');
    if (name_at != std::string_view::npos && name_at > 0) {
      const std::size_t account_at = url.rfind('/', name_at - 1);
      if (account_at != std::string_view::npos) {
        out.push_back(fmt::format("arn:{}:sqs:{}:{}:{}", p, region, url.substr(account_at + 1, name_at - account_at - 1),
                                  url.substr(name_at + 1)));
      }
    }
  }
  // Any parameter that is an ARN.
  if (const TreeNode* params = e.find("requestParameters"); params && params->kind == json::Kind::object) {
    for (const TreeNode& m : e.document().children(*params)) {
      if (m.kind == json::Kind::string && m.text.starts_with("arn:")) out.emplace_back(m.text);
    }
  }
}

}  // namespace

bool fits_resource_type(const catalog::Action& action, std::string_view arn) {
  for (const catalog::ActionResource& r : action.resource_types) {
    std::string pattern;
    const std::string_view f = r.type->arn_format;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (f[i] == '$' && i + 1 < f.size() && f[i + 1] == '{') {
        const std::size_t close = f.find('}', i);
        if (close == std::string_view::npos) break;
        pattern += '*';
        i = close;
      } else {
        pattern += f[i];
      }
    }
    if (Glob(pattern, GlobDialect::resource).matches(arn)) return true;
  }
  return false;
}

std::vector<Call> calls_of(const Event& e, std::string* unmapped, const IamNameResolver& names) {
  std::vector<Call> out;
  const std::string_view type = e.str("eventType");
  if (type == "AwsServiceEvent" || type == "AwsConsoleSignIn" || e.str("eventName") == "ConsoleLogin") return out;
  std::string_view source = e.str("eventSource");
  source = source.substr(0, source.find('.'));
  const std::string_view service = iam_prefix(source);
  std::string_view name = e.str("eventName");
  if (service == "lambda") name = strip_api_version(name);
  const std::vector<std::string_view> names_needed = service == "s3" ? s3_actions(name) : std::vector<std::string_view>{name};
  std::vector<std::string> candidates;
  if (const TreeNode* res = e.find("resources"); res && res->kind == json::Kind::array) {
    for (const TreeNode& r : e.document().children(*res)) {
      if (r.kind != json::Kind::object) continue;
      const TreeNode* arn = e.document().member(r, "ARN");
      if (arn == nullptr) arn = e.document().member(r, "arn");
      if (arn && arn->kind == json::Kind::string && arn->text.starts_with("arn:")) candidates.emplace_back(arn->text);
    }
  }
  derived(e, service, names, candidates);
  const catalog::Catalog& cat = catalog::Catalog::get();
  for (std::string_view n : names_needed) {
    const catalog::Action* action = cat.action(service, n);
    if (action == nullptr) {
      if (unmapped != nullptr) *unmapped = fmt::format("{}:{}", source, e.str("eventName"));
      continue;
    }
    const std::string full = catalog::full_name(*action);
    std::set<std::string> seen;
    for (const std::string& arn : candidates) {
      if (fits_resource_type(*action, arn) && seen.insert(arn).second) out.push_back({action, full, arn});
    }
    if (seen.empty()) out.push_back({action, full, "*"});
  }
  return out;
}

}  // namespace iw::trail

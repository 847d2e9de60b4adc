// collect --resources: resource-policies.json ([{"arn", "policy"}]) and compute.json
// ([{"arn", "type", "role"}]) -- S3, SQS, SNS, KMS, Lambda, Secrets Manager, ECR policies; EC2
// instances (through their instance profiles) and Lambda functions with their roles.
#include <map>
#include <mutex>

#include <pugixml.hpp>

#include "aws/collect.h"
#include "core/parallel.h"

namespace iw::aws {

namespace {

struct Found {
  std::mutex mutex;
  Value policies = Value::array();
  Value compute = Value::array();

  void policy(const std::string& arn, const std::string& text) {
    if (text.empty()) return;
    Value doc;
    try {
      doc = parse_json_value(text);
    } catch (const XmlError&) {
      doc = Value::string(text);  // kept as text: the audit reports what is wrong with it
    }
    Value entry = Value::object();
    entry.set("arn", Value::string(arn));
    entry.set("policy", std::move(doc));
    std::lock_guard<std::mutex> lock(mutex);
    policies.items.push_back(std::move(entry));
  }
  void runs(const std::string& arn, const std::string& type, const std::string& role) {
    if (role.empty()) return;
    Value entry = Value::object();
    entry.set("arn", Value::string(arn));
    entry.set("type", Value::string(type));
    entry.set("role", Value::string(role));
    std::lock_guard<std::mutex> lock(mutex);
    compute.items.push_back(std::move(entry));
  }
};

// A member that may be one element or an array of them (flattened XML lists): as a list.
std::vector<const Value*> each(const Value* v) {
  std::vector<const Value*> out;
  if (v == nullptr) return out;
  if (v->kind == Value::Kind::array) {
    for (const Value& i : v->items) out.push_back(&i);
  } else {
    out.push_back(v);
  }
  return out;
}

void s3(Collector& c, Found& found) {
  std::vector<std::string> buckets;
  c.optional("s3:ListBuckets", [&] {
    const HttpResponse r = c.client().rest("s3", "GET", "/");
    pugi::xml_document doc;
    if (!doc.load_buffer(r.body.data(), r.body.size())) throw AwsError("s3:ListBuckets", "", r.status, "malformed XML");
    for (pugi::xml_node b : doc.document_element().child("Buckets").children("Bucket")) {
      buckets.emplace_back(b.child_value("Name"));
    }
  });
  c.optional("s3:GetBucketPolicy", [&] {
    parallel_for(buckets.size(), c.options().threads, [&](std::size_t i) {
      try {
        std::string path = "/";
        path += url_encode(buckets[i]);
        path += "?policy";
        const HttpResponse r = c.client().rest("s3", "GET", path);
        found.policy("arn:aws:s3:::" + buckets[i], r.body);
      } catch (const AwsError& e) {
        if (e.code != "NoSuchBucketPolicy" && e.status != 404) throw;
      }
    });
  });
}

void sqs(Collector& c, Found& found) {
  std::vector<std::string> urls;
  c.optional("sqs:ListQueues", [&] {
    const Value v = query_all_pages(c.client(), "sqs", "ListQueues", {}, {});
    for (const Value* u : each(v.find("QueueUrl"))) urls.push_back(u->text);
  });
  c.optional("sqs:GetQueueAttributes", [&] {
    parallel_for(urls.size(), c.options().threads, [&](std::size_t i) {
      const Value v = c.client().query("sqs", "GetQueueAttributes",
                                       {{"QueueUrl", urls[i]}, {"AttributeName.1", "Policy"}, {"AttributeName.2", "QueueArn"}});
      std::string arn, policy;
      for (const Value* a : each(v.find("Attribute"))) {
        if (a->str("Name") == "QueueArn") arn = a->str("Value");
        if (a->str("Name") == "Policy") policy = a->str("Value");
      }
      found.policy(arn, policy);
    });
  });
}

void sns(Collector& c, Found& found) {
  std::vector<std::string> topics;
  c.optional("sns:ListTopics", [&] {
    const Value v = query_all_pages(c.client(), "sns", "ListTopics", {}, {"Topics"});
    for (const Value* t : each(v.find("Topics"))) topics.push_back(t->str("TopicArn"));
  });
  c.optional("sns:GetTopicAttributes", [&] {
    parallel_for(topics.size(), c.options().threads, [&](std::size_t i) {
      const Value v = c.client().query("sns", "GetTopicAttributes", {{"TopicArn", topics[i]}});
      const Value* attrs = v.find("Attributes");
      std::vector<const Value*> entries = attrs != nullptr && attrs->kind == Value::Kind::object
                                              ? each(attrs->find("entry"))
                                              : each(attrs);
      for (const Value* e : entries) {
        if (e->str("key") == "Policy") found.policy(topics[i], e->str("value"));
      }
    });
  });
}

// JSON 1.1 services: list with pages, then one policy call per item.
void json_service(Collector& c, Found& found, const std::string& service, const std::string& target,
                  const std::string& list_action, const std::string& list_member, const std::string& token,
                  const std::string& arn_field, const std::string& policy_action,
                  const std::function<Value(const Value&)>& policy_request, const std::string& policy_field,
                  const std::vector<std::string>& absent_codes) {
  std::vector<Value> items;
  c.optional(service + ":" + list_action, [&] {
    Value v = json_all_pages(c.client(), service, target, list_action, Value::object(), {list_member}, token);
    if (Value* l = v.find(list_member)) items = std::move(l->items);
  });
  c.optional(service + ":" + policy_action, [&] {
    parallel_for(items.size(), c.options().threads, [&](std::size_t i) {
      try {
        const Value v = c.client().json(service, target, policy_action, to_json_text(policy_request(items[i])));
        found.policy(items[i].str(arn_field), v.str(policy_field));
      } catch (const AwsError& e) {
        if (std::find(absent_codes.begin(), absent_codes.end(), e.code) == absent_codes.end()) throw;
      }
    });
  });
}

void lambda(Collector& c, Found& found) {
  std::vector<Value> functions;
  c.optional("lambda:ListFunctions", [&] {
    std::string marker;
    for (int page = 0; page < 100000; ++page) {
      const HttpResponse r = c.client().rest(
          "lambda", "GET", "/2015-03-31/functions/" + (marker.empty() ? "" : "?Marker=" + url_encode(marker)));
      Value v = parse_json_value(r.body);
      if (Value* l = v.find("Functions")) {
        for (Value& f : l->items) functions.push_back(std::move(f));
      }
      marker = v.str("NextMarker");
      if (marker.empty()) break;
    }
  });
  for (const Value& f : functions) found.runs(f.str("FunctionArn"), "lambda-function", f.str("Role"));
  c.optional("lambda:GetPolicy", [&] {
    parallel_for(functions.size(), c.options().threads, [&](std::size_t i) {
      try {
        const HttpResponse r =
            c.client().rest("lambda", "GET", "/2015-03-31/functions/" + url_encode(functions[i].str("FunctionName")) + "/policy");
        found.policy(functions[i].str("FunctionArn"), parse_json_value(r.body).str("Policy"));
      } catch (const AwsError& e) {
        if (e.code != "ResourceNotFoundException" && e.status != 404) throw;
      }
    });
  });
}

void ec2(Collector& c, Found& found, const Value& details) {
  // Instance profile ARN -> role ARN, from the authorization details.
  std::map<std::string, std::string> profile_role;
  if (const Value* roles = details.find("RoleDetailList")) {
    for (const Value& r : roles->items) {
      for (const Value* p : each(r.find("InstanceProfileList"))) profile_role[p->str("Arn")] = r.str("Arn");
    }
  }
  c.optional("ec2:DescribeInstances", [&] {
    const Value v = query_all_pages(c.client(), "ec2", "DescribeInstances", {}, {"reservationSet"});
    for (const Value* res : each(v.find("reservationSet"))) {
      const std::string owner = res->str("ownerId");
      for (const Value* inst : each(res->find("instancesSet"))) {
        const Value* profile = inst->find("iamInstanceProfile");
        if (profile == nullptr) continue;
        auto it = profile_role.find(profile->str("arn"));
        if (it == profile_role.end()) continue;
        const std::string account = owner.empty() ? c.account_id : owner;
        found.runs("arn:aws:ec2:" + c.client().region() + ":" + account + ":instance/" + inst->str("instanceId"),
                   "ec2-instance", it->second);
      }
    }
  });
}

}  // namespace

void collect_resources(Collector& c, const std::string& directory, const Value& details) {
  Found found;
  c.progress("resource policies: s3");
  s3(c, found);
  c.progress("resource policies: sqs");
  sqs(c, found);
  c.progress("resource policies: sns");
  sns(c, found);
  c.progress("resource policies: kms");
  json_service(
      c, found, "kms", "TrentService", "ListKeys", "Keys", "Marker", "KeyArn", "GetKeyPolicy",
      [](const Value& k) {
        Value r = Value::object();
        r.set("KeyId", Value::string(k.str("KeyId")));
        r.set("PolicyName", Value::string("default"));
        return r;
      },
      "Policy", {"NotFoundException"});
  c.progress("resource policies: secretsmanager");
  json_service(
      c, found, "secretsmanager", "secretsmanager", "ListSecrets", "SecretList", "NextToken", "ARN", "GetResourcePolicy",
      [](const Value& s) {
        Value r = Value::object();
        r.set("SecretId", Value::string(s.str("ARN")));
        return r;
      },
      "ResourcePolicy", {"ResourceNotFoundException"});
  c.progress("resource policies: ecr");
  json_service(
      c, found, "ecr", "AmazonEC2ContainerRegistry_V20150921", "DescribeRepositories", "repositories", "nextToken",
      "repositoryArn", "GetRepositoryPolicy",
      [](const Value& s) {
        Value r = Value::object();
        r.set("repositoryName", Value::string(s.str("repositoryName")));
        return r;
      },
      "policyText", {"RepositoryPolicyNotFoundException"});
  c.progress("resource policies: lambda");
  lambda(c, found);
  c.progress("compute: ec2");
  ec2(c, found, details);
  c.write_file(directory, "resource-policies.json", to_json_text(found.policies));
  c.write_file(directory, "compute.json", to_json_text(found.compute));
}

}  // namespace iw::aws

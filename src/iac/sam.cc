#include "iac/sam.h"

#include <initializer_list>
#include <vector>

namespace iw::iac {

namespace {

// One template: its actions and resources ("{p}" = its one parameter; "{arn:svc}" = the
// prefix arn:PARTITION:svc:REGION:ACCOUNT; "*" alone = every resource). From the AWS SAM
// policy template list.
struct Template {
  std::string_view name;
  std::vector<std::string_view> actions;
  std::vector<std::string_view> resources;
};

const std::vector<Template>& templates() {
  static const std::vector<Template> kTemplates{
    {"SQSPollerPolicy",
     {"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage",
      "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"},
     {"{arn:sqs}:{p}"}},
    {"SQSSendMessagePolicy", {"sqs:SendMessage*"}, {"{arn:sqs}:{p}"}},
    {"SNSPublishMessagePolicy", {"sns:Publish"}, {"{arn:sns}:{p}"}},
    {"LambdaInvokePolicy", {"lambda:InvokeFunction"}, {"{arn:lambda}:function:{p}*"}},
    {"CloudWatchPutMetricPolicy", {"cloudwatch:PutMetricData"}, {"*"}},
    {"EC2DescribePolicy", {"ec2:DescribeRegions", "ec2:DescribeInstances"}, {"*"}},
    {"DynamoDBCrudPolicy",
     {"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query",
      "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable",
      "dynamodb:ConditionCheckItem"},
     {"{arn:dynamodb}:table/{p}", "{arn:dynamodb}:table/{p}/index/*"}},
    {"DynamoDBReadPolicy",
     {"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"},
     {"{arn:dynamodb}:table/{p}", "{arn:dynamodb}:table/{p}/index/*"}},
    {"S3ReadPolicy",
     {"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
      "s3:GetLifecycleConfiguration"},
     {"arn:{partition}:s3:::{p}", "arn:{partition}:s3:::{p}/*"}},
    {"S3CrudPolicy",
     {"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:PutObject",
      "s3:PutObjectAcl", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:DeleteObject"},
     {"arn:{partition}:s3:::{p}", "arn:{partition}:s3:::{p}/*"}},
  };
  return kTemplates;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

}  // namespace

bool expand_sam_template(std::string_view name, const std::string& param, const std::string& partition,
                         const std::string& region, const std::string& account, const Origin& at,
                         Value& statements) {
  for (const Template& t : templates()) {
    if (t.name != name) continue;
    Value st = Value::object(at);
    st.set("Effect", Value::string("Allow", at));
    Value actions = Value::list(at);
    for (std::string_view a : t.actions) actions.items.push_back(Value::string(std::string(a), at));
    st.set("Action", std::move(actions));
    Value resources = Value::list(at);
    for (std::string_view r : t.resources) {
      std::string s(r);
      for (std::string_view svc : {"sqs", "sns", "lambda", "dynamodb"}) {
        replace_all(s, "{arn:" + std::string(svc) + "}", "arn:" + partition + ":" + std::string(svc) + ":" + region + ":" + account);
      }
      replace_all(s, "{partition}", partition);
      replace_all(s, "{p}", param);
      resources.items.push_back(Value::string(std::move(s), at));
    }
    st.set("Resource", std::move(resources));
    statements.items.push_back(std::move(st));
    return true;
  }
  return false;
}

}  // namespace iw::iac

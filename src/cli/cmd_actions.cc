// iamwarden actions expand PATTERN | actions show ACTION: query the action catalog.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "cli/action_names.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/output.h"
#include "core/json_writer.h"

namespace iw::cli {

namespace {

using catalog::Action;
using catalog::Catalog;

struct ActionsOptions {
  OutputOptions output;
  std::string argument;  // the pattern or the action
};

bool wants_json(const OutputOptions& o) { return o.format == "json"; }

void run_expand(const ActionsOptions& o) {
  const Catalog& cat = Catalog::get();
  const std::vector<const Action*> actions = cat.expand(o.argument);
  if (actions.empty()) {
    throw InputError(
        fmt::format("no action matches '{}'{}", o.argument, explain_unknown_action(o.argument)));
  }
  std::string out;
  if (wants_json(o.output)) {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().member("pattern", o.argument).member("catalog", cat.version());
    w.key("actions").begin_array();
    for (const Action* a : actions) w.value(catalog::full_name(*a));
    w.end_array().end_object();
    out = std::move(w).take() + "\n";
  } else {
    for (const Action* a : actions) out += fmt::format("{}:{}\n", a->service, a->name);
  }
  write_output(o.output, out, count_of(actions.size(), "action", "actions"));
}

const Action& find_action(std::string_view name) {
  const Catalog& cat = Catalog::get();
  if (name.find_first_of("*?") != std::string_view::npos) {
    throw InputError(fmt::format(
        "'{}' is a pattern: 'actions show' takes one action (use 'actions expand')", name));
  }
  if (const Action* a = cat.action(name)) return *a;
  throw InputError(fmt::format("unknown action '{}'{}", name, explain_unknown_action(name)));
}

constexpr std::string_view kRequired = " (required)";

// "    object             arn:${Partition}:s3:::${BucketName}/${ObjectName}" lines, aligned.
std::string resource_types_text(const Action& a) {
  if (catalog::takes_only_star(a)) {
    return "  resource types: none (the action takes only Resource \"*\")\n";
  }
  std::size_t width = 0;
  for (const catalog::ActionResource& r : a.resource_types) {
    width = std::max(width, r.type->name.size() + (r.required ? kRequired.size() : 0));
  }
  std::string out = "  resource types:\n";
  for (const catalog::ActionResource& r : a.resource_types) {
    const std::string label =
        fmt::format("{}{}", r.type->name, r.required ? kRequired : std::string_view());
    out += fmt::format("    {:<{}}  {}\n", label, width, r.type->arn_format);
  }
  return out;
}

// "    s3:TlsVersion  Numeric" lines, aligned.
std::string condition_keys_text(const Action& a) {
  if (a.condition_keys.empty()) return "  condition keys: none of its own (global keys apply)\n";
  std::size_t width = 0;
  for (const catalog::ConditionKey* k : a.condition_keys) width = std::max(width, k->name.size());
  std::string out = "  condition keys:\n";
  for (const catalog::ConditionKey* k : a.condition_keys) {
    out += fmt::format("    {:<{}}  {}\n", k->name, width, catalog::to_string(k->type));
  }
  return out;
}

std::string show_text(const Action& a) {
  const catalog::Service* service = Catalog::get().service(a.service);
  std::string out = fmt::format("{}:{}\n", a.service, a.name);
  out += fmt::format("  service:        {} [{}]\n", service ? service->name : a.service, a.service);
  out += fmt::format("  access level:   {}\n", catalog::to_string(a.level));
  if (!a.description.empty()) out += fmt::format("  description:    {}\n", a.description);
  return out + resource_types_text(a) + condition_keys_text(a);
}

void write_keys(JsonWriter& w, std::span<const catalog::ConditionKey* const> keys) {
  w.begin_array();
  for (const catalog::ConditionKey* k : keys) {
    w.begin_object().member("name", k->name).member("type", catalog::to_string(k->type));
    w.end_object();
  }
  w.end_array();
}

std::string show_json(const Action& a) {
  const Catalog& cat = Catalog::get();
  const catalog::Service* service = cat.service(a.service);
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object()
      .member("action", catalog::full_name(a))
      .member("service", a.service)
      .member("service_name", service ? service->name : a.service)
      .member("name", a.name)
      .member("access_level", catalog::to_string(a.level))
      .member("description", a.description);
  w.key("resource_types").begin_array();
  for (const catalog::ActionResource& r : a.resource_types) {
    w.begin_object()
        .member("name", r.type->name)
        .member("arn_format", r.type->arn_format)
        .member("required", r.required);
    w.key("condition_keys");
    write_keys(w, r.type->condition_keys);
    w.end_object();
  }
  w.end_array();
  w.key("condition_keys");
  write_keys(w, a.condition_keys);
  w.member("catalog", cat.version()).end_object();
  return std::move(w).take() + "\n";
}

void run_show(const ActionsOptions& o) {
  const Action& a = find_action(o.argument);
  write_output(o.output, wants_json(o.output) ? show_json(a) : show_text(a), "1 action");
}

}  // namespace

void add_actions_command(CLI::App& app, int& exit_code) {
  CLI::App* actions = app.add_subcommand("actions", "Query the AWS action catalog");
  actions->require_subcommand(1);

  auto expand = std::make_shared<ActionsOptions>();
  CLI::App* expand_cmd = actions->add_subcommand(
      "expand", "List every action an IAM action pattern matches (e.g. 's3:Get*')");
  expand_cmd->add_option("PATTERN", expand->argument, "Action pattern: service:Name with * and ?")
      ->required();
  add_common_options(*expand_cmd, expand->output, {"text", "json"}, FailOn::no);
  expand_cmd->callback([expand, &exit_code] {
    run_expand(*expand);
    exit_code = 0;
  });

  auto show = std::make_shared<ActionsOptions>();
  CLI::App* show_cmd = actions->add_subcommand(
      "show", "Show an action: access level, resource types (ARN formats), condition keys");
  show_cmd->add_option("ACTION", show->argument, "The action, e.g. s3:GetObject")->required();
  add_common_options(*show_cmd, show->output, {"text", "json"}, FailOn::no);
  show_cmd->callback([show, &exit_code] {
    run_show(*show);
    exit_code = 0;
  });
}

}  // namespace iw::cli

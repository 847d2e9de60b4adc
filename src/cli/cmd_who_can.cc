// iamwarden who-can ACTION RESOURCE --snapshot DIR [--transitive]
// iamwarden can PRINCIPAL ACTION RESOURCE --snapshot DIR
// For who-can --fail-on, a principal that can counts as high, or medium when only under
// conditions (on its grant or on an escalation step) that it must meet.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>

#include "account/account.h"
#include "cli/action_names.h"
#include "cli/command.h"
#include "cli/common_options.h"
#include "cli/output.h"
#include "cli/snapshots.h"
#include "core/json_writer.h"
#include "core/lasting.h"
#include "core/parallel.h"
#include "core/strings.h"
#include "eval/request.h"
#include "graph/graph.h"

namespace iw::cli {

namespace {

struct WhoCanArgs {
  std::string principal;  // can only
  std::string action, resource, snapshot;
  bool transitive = false;
  OutputOptions out;
};

void validate(const WhoCanArgs& args) {
  const std::size_t colon = args.action.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == args.action.size()) {
    throw InputError("ACTION must look like service:Action (got \"" + args.action + "\")");
  }
  if (args.resource != "*" && !eval::looks_like_arn(args.resource)) {
    throw InputError("RESOURCE must be an ARN or * (got \"" + args.resource + "\")");
  }
}

Severity severity_of(const graph::Graph::WhoCan& row) {
  bool gated = !row.access.conditions.empty();
  if (row.path) {
    for (const graph::Step& s : row.path->steps) gated = gated || !s.conditions.empty();
  }
  return gated ? Severity::medium : Severity::high;
}

void write_path(JsonWriter& w, const graph::Path& p) {
  w.key("path").begin_object().member("target", p.target).key("steps").begin_array();
  for (const graph::Step& s : p.steps) {
    w.begin_object().member("method", s.method).member("from", s.from).member("to", s.to);
    w.key("permissions").value(s.permissions).member("resource", s.resource);
    if (!s.conditions.empty()) w.key("conditions").value(s.conditions);
    if (!s.notes.empty()) w.key("notes").value(s.notes);
    w.end_object();
  }
  w.end_array().end_object();
}

// "aws:sourceip = 10.20.0.0": the chosen keys of a gated access with the witness's values.
std::vector<std::string> witness_parts(const graph::Access& a) {
  std::vector<std::string> parts;
  for (const std::string& k : a.conditions) {
    const eval::ContextEntry* e = a.witness.find(to_lower(k));
    parts.push_back(e == nullptr ? k : fmt::format("{} = {}", k, fmt::join(e->values, "|")));
  }
  return parts;
}

std::string explain(const graph::Access& a) {
  std::string out;
  if (!a.granted_by.empty()) out += fmt::format(" through {}", fmt::join(a.granted_by, ", "));
  if (!a.conditions.empty()) {
    out += fmt::format(" (only when its conditions hold, e.g. {})", fmt::join(witness_parts(a), ", "));
  }
  return out;
}

void write_witness(JsonWriter& w, const graph::Access& a) {
  w.key("witness").begin_object();
  for (const eval::ContextEntry& e : a.witness.entries()) {
    w.key(e.key);
    if (e.multi) {
      w.value(e.values);
    } else {
      w.value(e.values.front());
    }
  }
  w.end_object();
}

std::vector<std::string> layer_names(eval::LayerSet layers) {
  std::vector<std::string> out;
  for (eval::Layer l : layers.list()) out.emplace_back(eval::to_string(l));
  return out;
}

int run_who_can(const WhoCanArgs& args) {
  validate(args);
  auto& rows = lasting<std::vector<graph::Graph::WhoCan>>();  // freed by the exit
  warn_if_unknown_action(args.action);
  // A direct question reads only the principals that may be allowed the action, and the managed
  // policies they attach that may apply to it.
  account::LoadOptions load;
  if (!args.transitive) {
    load.question_action = to_lower(args.action);
    load.question_resource = args.resource;
  }
  const account::Account& a = lasting<Organization>(load_organization(args.snapshot, load)).view();
  if (args.transitive) {
    const graph::Graph& g = lasting<graph::Graph>(a);
    for (auto& r : g.who_can(args.action, args.resource, true)) rows.push_back(std::move(r));
  } else {
    // A direct question needs no escalation graph, nor the admin test of every principal.
    access::ModelOptions options;
    options.decide_admin = false;
    options.question_action = to_lower(args.action);
    options.question_resource = args.resource;
    const access::Model& m = lasting<access::Model>(a, options);
    std::vector<const access::Model::Entry*> asked;  // those the model could not rule out
    for (const access::Model::Entry& e : m.entries()) {
      if (e.checker) asked.push_back(&e);
    }
    std::vector<graph::Access> direct(asked.size());
    parallel_for(direct.size(), m.threads(), [&](std::size_t i) {
      const access::Model::Entry& e = *asked[i];
      if (m.may_allow(e, args.action, args.resource)) direct[i] = graph::direct_access(m, e, args.action, args.resource);
    });
    for (graph::Access& d : direct) {
      if (d.allowed) rows.push_back(graph::Graph::WhoCan{std::move(d), std::nullopt});
    }
  }
  if (args.out.format == "json") {
    JsonWriter w(JsonWriter::Style::pretty);
    w.begin_object().member("action", args.action).member("resource", args.resource).key("principals").begin_array();
    for (const auto& r : rows) {
      w.begin_object().member("principal", r.access.principal).member("direct", r.access.allowed);
      w.key("granted_by").value(r.access.granted_by).key("conditions").value(r.access.conditions);
      if (r.path) write_path(w, *r.path);
      w.end_object();
    }
    w.end_array().end_object();
    write_output(args.out, std::move(w).take() + "\n", count_of(rows.size(), "principal", "principals"));
  } else {
    std::string text;
    for (const auto& r : rows) {
      if (r.access.allowed) {
        text += fmt::format("{}: directly{}\n", r.access.principal, explain(r.access));
      } else if (r.path) {
        std::vector<std::string> methods;
        for (const auto& s : r.path->steps) methods.push_back(s.method);
        text += fmt::format("{}: through escalation ({}) to {}\n", r.access.principal, fmt::join(methods, " -> "),
                            r.path->target);
      }
    }
    if (rows.empty()) text = fmt::format("No principal can {} on {}.\n", args.action, args.resource);
    write_output(args.out, text, count_of(rows.size(), "principal", "principals"));
  }
  for (const auto& r : rows) {
    if (severity_of(r) >= args.out.threshold()) return 1;
  }
  return 0;
}

int run_can(const WhoCanArgs& args) {
  validate(args);
  warn_if_unknown_action(args.action);
  {
    // The direct answer needs only the principal (and the resource, when it is one of the
    // snapshot's roles); the escalation graph, asked only when the answer is no, needs everything.
    account::LoadOptions load;
    load.only_principals = std::vector<std::string>{args.principal, args.resource};
    const Organization org = load_organization(args.snapshot, load);
    const account::Account& a = org.view();
    access::ModelOptions options;
    options.decide_admin = false;
    options.only = args.principal;
    const access::Model m(a, options);
    const access::Model::Entry* entry = m.find(args.principal);
    if (entry == nullptr) throw InputError("principal " + args.principal + " is not a user or role of the snapshot");
    const graph::Access access = graph::direct_access(m, *entry, args.action, args.resource);
    std::optional<graph::Path> path;
    if (!access.allowed) {
      const Organization whole = load_organization(args.snapshot, {}, false);
      const graph::Graph g(whole.view());
      for (auto& r : g.who_can(args.action, args.resource, true)) {
        if (r.access.principal == args.principal && r.path) path = std::move(r.path);
      }
    }
    if (args.out.format == "json") {
      JsonWriter w(JsonWriter::Style::pretty);
      w.begin_object().member("principal", args.principal).member("action", args.action);
      w.member("resource", args.resource).member("allowed", access.allowed);
      w.key("granted_by").value(access.granted_by).key("conditions").value(access.conditions);
      write_witness(w, access);
      w.key("denied_by").value(layer_names(access.denied_by));
      if (path) write_path(w, *path);
      w.end_object();
      write_output(args.out, std::move(w).take() + "\n", "1 answer");
    } else if (access.allowed) {
      write_output(args.out,
                   fmt::format("yes: {} can {} on {}{}\n", args.principal, args.action, args.resource, explain(access)),
                   "1 answer");
    } else {
      const std::vector<std::string> layers = layer_names(access.denied_by);
      std::string text = fmt::format("no: {} cannot {} on {} in any context (denied by {})\n", args.principal,
                                     args.action, args.resource,
                                     layers.empty() ? std::string("no policy allowing it") : fmt::format("{}", fmt::join(layers, ", ")));
      if (path) {
        std::vector<std::string> methods;
        for (const auto& s : path->steps) methods.push_back(s.method);
        text += fmt::format("but it can get there through escalation: {}\n", fmt::join(methods, " -> "));
      }
      write_output(args.out, text, "1 answer");
    }
    return access.allowed ? 0 : 1;
  }
}

}  // namespace

void add_who_can_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<WhoCanArgs>();
  CLI::App* cmd = app.add_subcommand("who-can", "Which principals can perform an action on a resource");
  cmd->add_option("action", args->action, "Action, e.g. s3:GetObject")->required();
  cmd->add_option("resource", args->resource, "Resource ARN, or *")->required();
  cmd->add_option("--snapshot", args->snapshot, "Snapshot directory")->required();
  cmd->add_flag("--transitive", args->transitive, "Also principals that get there through privilege escalation");
  add_common_options(*cmd, args->out, {"text", "json"}, FailOn::yes);
  cmd->footer(
      "Exit status: 0 nobody can, 1 some principals can, 2 usage error or bad input. For --fail-on, a\n"
      "principal counts as high, or medium when it can only under conditions it must meet.");
  cmd->callback([args, &exit_code] { exit_code = run_who_can(*args); });

  auto can_args = std::make_shared<WhoCanArgs>();
  CLI::App* can = app.add_subcommand("can", "Can one principal perform an action on a resource? (yes/no, why)");
  can->add_option("principal", can_args->principal, "User or role ARN")->required();
  can->add_option("action", can_args->action, "Action, e.g. s3:GetObject")->required();
  can->add_option("resource", can_args->resource, "Resource ARN, or *")->required();
  can->add_option("--snapshot", can_args->snapshot, "Snapshot directory")->required();
  add_common_options(*can, can_args->out, {"text", "json"}, FailOn::no);
  can->footer("Exit status: 0 yes, 1 no, 2 usage error or bad input.");
  can->callback([can_args, &exit_code] { exit_code = run_can(*can_args); });
}

}  // namespace iw::cli

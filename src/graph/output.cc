// paths output: contracts.md §5 JSON, text, Graphviz dot.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>

#include "core/json_writer.h"
#include "graph/graph.h"

namespace iw::graph {

namespace {

// "user/dev" for "arn:aws:iam::111122223333:user/dev".
std::string short_name(const std::string& arn) {
  std::size_t colons = 0;
  for (std::size_t i = 0; i < arn.size(); ++i) {
    if (arn[i] == ':' && ++colons == 5) return arn.substr(i + 1);
  }
  return arn;
}

std::string dot_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string paths_json(const std::vector<Path>& paths, const std::vector<Undecided>& undecided) {
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().key("paths").begin_array();
  for (const Path& p : paths) {
    w.begin_object().member("principal", p.principal).member("target", p.target).key("steps").begin_array();
    for (const Step& s : p.steps) {
      w.begin_object()
          .member("method", s.method)
          .member("from", s.from)
          .member("to", s.to)
          .key("permissions")
          .value(s.permissions)
          .member("resource", s.resource);
      if (!s.conditions.empty()) w.key("conditions").value(s.conditions);
      if (!s.granted_by.empty()) w.key("granted_by").value(s.granted_by);
      if (!s.notes.empty()) w.key("notes").value(s.notes);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  write_undecided(w, undecided);
  w.end_object();
  return std::move(w).take() + "\n";
}

std::string paths_text(const std::vector<Path>& paths, bool color) {
  const auto bold = [color](const std::string& s) { return color ? "\033[1m" + s + "\033[0m" : s; };
  std::string out;
  std::set<std::string> principals;
  for (const Path& p : paths) {
    principals.insert(p.principal);
    out += fmt::format("{} -> {} ({} step{})\n", bold(p.principal), p.target == "admin" ? "admin" : p.target,
                       p.steps.size(), p.steps.size() == 1 ? "" : "s");
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      const Step& s = p.steps[i];
      out += fmt::format("  {}. {} --[{}]--> {}\n", i + 1, short_name(s.from), s.method, short_name(s.to));
      out += fmt::format("     {} on {}\n", fmt::join(s.permissions, " + "), s.resource);
      if (!s.conditions.empty()) out += fmt::format("     gated by conditions on {}\n", fmt::join(s.conditions, ", "));
      for (const std::string& g : s.granted_by) out += fmt::format("     granted by {}\n", g);
      for (const std::string& n : s.notes) out += fmt::format("     note: {}\n", n);
    }
  }
  if (paths.empty()) {
    out += "No principal can escalate to admin-equivalent access.\n";
  } else {
    out += fmt::format("{} principal(s) can escalate to admin-equivalent access.\n", principals.size());
  }
  return out;
}

std::string paths_dot(const std::vector<Path>& paths) {
  std::string out = "digraph escalation {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  out += "  \"admin\" [shape=doubleoctagon, style=filled, fillcolor=\"#f4cccc\"];\n";
  std::set<std::string> nodes;
  std::set<std::tuple<std::string, std::string, std::string>> edges;
  for (const Path& p : paths) {
    nodes.insert(p.principal);
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      const Step& s = p.steps[i];
      const bool last = i + 1 == p.steps.size();
      std::string to = s.to;
      if (last && p.target == "admin") {
        if (s.to != s.from) {
          nodes.insert(s.to);
          edges.insert({s.from, s.to, s.method});
          edges.insert({s.to, "admin", "admin policy"});
          continue;
        }
        to = "admin";
      } else {
        nodes.insert(to);
      }
      edges.insert({s.from, to, s.method});
    }
    if (p.target != "admin") {
      nodes.insert(p.target);
      edges.insert({p.target, "admin", "admin-equivalent"});
    }
  }
  for (const std::string& n : nodes) out += fmt::format("  {} [label={}];\n", dot_quote(n), dot_quote(short_name(n)));
  for (const auto& [from, to, label] : edges) {
    out += fmt::format("  {} -> {} [label={}];\n", dot_quote(from), dot_quote(to), dot_quote(label));
  }
  out += "}\n";
  return out;
}

}  // namespace iw::graph

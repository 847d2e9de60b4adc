#include "iac/terraform.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "core/source.h"
#include "core/strings.h"
#include "hcl/hcl.h"
#include "iac/policy_document.h"
#include "iac/resources.h"
#include "iac/tf_convert.h"

namespace iw::iac {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxModuleDepth = 16;
constexpr std::size_t kMaxInstances = 1000;

hcl::Value unknown_ref(const hcl::Reference& ref) {
  return hcl::Value::make_unknown(hcl::UnknownKind::reference, ref.text(), ref.where);
}

std::string attr_name(const hcl::PathStep& s) { return s.key.type == hcl::Type::string ? s.key.text : std::string(); }

// One module instance: its files, its inputs, and the values it computes on demand.
class Module;

// One resource or data block, expanded into instances.
struct Instance {
  const hcl::Block* block = nullptr;
  const hcl::File* file = nullptr;
  hcl::Value key;         // count.index (number) or each.key (string); null without count/for_each
  hcl::Value each_value;  // each.value
  bool has_key = false;
  std::string address;
};

class Module {
 public:
  Module(fs::path dir, std::string prefix, const ScanOptions& options, Scan& out, std::size_t depth, fs::path root)
      : dir_(std::move(dir)), prefix_(std::move(prefix)), options_(options), out_(out), depth_(depth), root_(std::move(root)) {}

  // Loads the files and indexes the blocks. Throws ScanError when a file does not parse.
  void load() {
    hcl::Directory d = hcl::load_directory(dir_);
    if (!d.errors.empty()) throw ScanError(d.errors.front().to_string());
    files_ = std::move(d.files);
    for (const auto& f : files_) {
      const std::string shown = display_path(std::string(f->name));
      if (out_.texts.emplace(shown, f->source ? std::string(f->source->text()) : std::string()).second) {
        out_.files.push_back(shown);
        ++out_.terraform_files;
      }
      for (const hcl::Block& b : f->body.blocks) index(b, *f);
    }
  }

  void set_input(const std::string& name, hcl::Value v) { inputs_[name] = std::move(v); }

  // Everything the module declares, resources read into `out`, modules recursively.
  void read(std::vector<TfResource>& resources) {
    for (const auto& [key, block] : resources_) {
      for (const Instance& inst : instances(*block.first, *block.second, key)) resources.push_back(resource(inst));
    }
    for (const auto& [name, child] : children()) child->read(resources);
    collect_suppressions();
  }

  hcl::Value output(const std::string& name) {
    const auto it = outputs_.find(name);
    if (it == outputs_.end()) return hcl::Value::make_unknown(hcl::UnknownKind::reference, "module output " + name, {});
    const hcl::Attribute* value = it->second->body.attribute("value");
    if (value == nullptr) return {};
    return eval(*value->expr, nullptr);
  }

  hcl::Value eval(const hcl::Expr& e, const Instance* inst);
  hcl::Resolved resolve(const hcl::Reference& ref, const Instance* inst);

 private:
  friend class ModuleScope;

  void index(const hcl::Block& b, const hcl::File& f) {
    if (b.type == "variable" && b.labels.size() == 1) variables_[b.labels[0]] = &b;
    if (b.type == "output" && b.labels.size() == 1) outputs_[b.labels[0]] = &b;
    if (b.type == "locals") {
      for (const hcl::Attribute& a : b.body.attributes) locals_[a.name] = &a;
    }
    if (b.type == "module" && b.labels.size() == 1) module_blocks_[b.labels[0]] = &b;
    if ((b.type == "resource" || b.type == "data") && b.labels.size() == 2) {
      const std::string key = (b.type == "data" ? "data." : "") + b.labels[0] + "." + b.labels[1];
      (b.type == "data" ? data_ : resources_)[key] = {&b, &f};
    }
  }

  hcl::Value variable(const std::string& name, const hcl::Range& use) {
    if (auto it = inputs_.find(name); it != inputs_.end()) return it->second;
    const auto it = variables_.find(name);
    if (it == variables_.end()) return hcl::Value::make_unknown(hcl::UnknownKind::reference, "var." + name, use);
    if (const hcl::Attribute* def = it->second->body.attribute("default")) return eval(*def->expr, nullptr);
    return hcl::Value::make_unknown(hcl::UnknownKind::reference, "var." + name, use);
  }

  hcl::Value local(const std::string& name) {
    if (auto it = local_cache_.find(name); it != local_cache_.end()) return it->second;
    const auto it = locals_.find(name);
    if (it == locals_.end() || !evaluating_.insert("local." + name).second) {
      return hcl::Value::make_unknown(hcl::UnknownKind::reference, "local." + name, {});
    }
    hcl::Value v = eval(*it->second->expr, nullptr);
    evaluating_.erase("local." + name);
    local_cache_[name] = v;
    return v;
  }

  std::vector<Instance> instances(const hcl::Block& b, const hcl::File& f, const std::string& key) {
    std::vector<Instance> out;
    const std::string address = prefix_ + key;
    if (const hcl::Attribute* count = b.body.attribute("count")) {
      const hcl::Value n = eval(*count->expr, nullptr);
      if (n.type == hcl::Type::number && n.number >= 0) {
        const auto total = static_cast<std::size_t>(std::min<double>(n.number, kMaxInstances));
        for (std::size_t i = 0; i < total; ++i) {
          Instance inst{&b, &f, hcl::Value::from_number(static_cast<double>(i)), {}, true, address + "[" + std::to_string(i) + "]"};
          out.push_back(std::move(inst));
        }
        return out;
      }
    } else if (const hcl::Attribute* each = b.body.attribute("for_each")) {
      const hcl::Value coll = eval(*each->expr, nullptr);
      if (coll.type == hcl::Type::object) {
        for (const hcl::Member& m : coll.members) {
          out.push_back(Instance{&b, &f, hcl::Value::from_string(m.key), m.value, true, address + "[\"" + m.key + "\"]"});
          if (out.size() >= kMaxInstances) break;
        }
        return out;
      }
      if (coll.type == hcl::Type::tuple && coll.is_wholly_known()) {
        for (const hcl::Value& v : coll.items) {
          if (v.type != hcl::Type::string) continue;
          out.push_back(Instance{&b, &f, v, v, true, address + "[\"" + v.text + "\"]"});
          if (out.size() >= kMaxInstances) break;
        }
        return out;
      }
    }
    out.push_back(Instance{&b, &f, {}, {}, false, address});
    return out;
  }

  // The attributes of a block body, nested blocks as lists of objects, dynamic blocks expanded.
  hcl::Value body_value(const hcl::Body& body, const Instance* inst, std::size_t depth);

  TfResource resource(const Instance& inst) {
    TfResource r;
    r.type = inst.block->labels[0];
    r.decl = Declared{inst.address, origin_of(inst.block->where)};
    r.attrs = to_iac(body_value(inst.block->body, &inst, 0), out_.decl);
    return r;
  }

  std::map<std::string, std::unique_ptr<Module>>& children() {
    if (children_loaded_) return children_;
    children_loaded_ = true;
    if (depth_ >= kMaxModuleDepth) return children_;
    for (const auto& [name, block] : module_blocks_) {
      const hcl::Attribute* source = block->body.attribute("source");
      if (source == nullptr) continue;
      const hcl::Value s = eval(*source->expr, nullptr);
      if (s.type != hcl::Type::string || !(s.text.rfind("./", 0) == 0 || s.text.rfind("../", 0) == 0)) continue;
      const fs::path dir = (dir_ / s.text).lexically_normal();
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) continue;
      auto child = std::make_unique<Module>(dir, prefix_ + "module." + name + ".", options_, out_, depth_ + 1, root_);
      child->load();
      for (const hcl::Attribute& a : block->body.attributes) {
        if (a.name == "source" || a.name == "version" || a.name == "count" || a.name == "for_each" || a.name == "providers" ||
            a.name == "depends_on") {
          continue;
        }
        child->set_input(a.name, eval(*a.expr, nullptr));
      }
      children_[name] = std::move(child);
    }
    return children_;
  }

  hcl::Value resource_attribute(const std::string& key, const std::vector<hcl::PathStep>& path, std::size_t& consumed,
                                const Instance* from);
  hcl::Value data_attribute(const std::string& type, const std::string& name, const std::string& attr, const hcl::Reference& ref);
  hcl::Value policy_document(const hcl::Block& b, const hcl::File& f);
  void dynamic_block(const hcl::Block& b, const Instance* inst, std::size_t depth, std::vector<hcl::Value>& out);

  void collect_suppressions();
  void suppressions_in(const hcl::File& f);

  struct Iterator {
    std::string name;
    hcl::Value key, value;
  };
  std::vector<Iterator> iterators_;  // dynamic blocks being expanded, innermost last

  const fs::path dir_;
  const std::string prefix_;
  const ScanOptions& options_;
  Scan& out_;
  const std::size_t depth_;
  const fs::path root_;
  std::vector<std::unique_ptr<hcl::File>> files_;
  std::map<std::string, const hcl::Block*> variables_, outputs_, module_blocks_;
  std::map<std::string, const hcl::Attribute*> locals_;
  std::map<std::string, std::pair<const hcl::Block*, const hcl::File*>> resources_, data_;
  std::map<std::string, hcl::Value> inputs_, local_cache_, data_cache_;
  std::set<std::string> evaluating_;
  std::map<std::string, std::unique_ptr<Module>> children_;
  bool children_loaded_ = false;
};

class ModuleScope final : public hcl::Scope {
 public:
  ModuleScope(Module& m, const Instance* inst) : m_(m), inst_(inst) {}
  hcl::Resolved resolve(const hcl::Reference& ref) override { return m_.resolve(ref, inst_); }

 private:
  Module& m_;
  const Instance* inst_;
};

hcl::Value Module::eval(const hcl::Expr& e, const Instance* inst) {
  ModuleScope scope(*this, inst);
  hcl::EvalOptions o;
  o.base_dir = root_;
  o.tree_root = root_;
  return hcl::evaluate(e, scope, o);
}

hcl::Resolved Module::resolve(const hcl::Reference& ref, const Instance* inst) {
  const std::string root(ref.root);
  const auto first = [&]() { return ref.path.empty() ? std::string() : attr_name(ref.path[0]); };
  for (auto it = iterators_.rbegin(); it != iterators_.rend(); ++it) {
    if (it->name != root || ref.path.empty()) continue;
    if (first() == "key") return {it->key, 1};
    if (first() == "value") return {it->value, 1};
  }
  if (root == "var" && !ref.path.empty()) return {variable(first(), ref.where), 1};
  if (root == "local" && !ref.path.empty()) return {local(first()), 1};
  if (root == "each" && inst != nullptr && inst->has_key && !ref.path.empty()) {
    if (first() == "key") return {inst->key, 1};
    if (first() == "value") return {inst->each_value, 1};
  }
  if (root == "count" && inst != nullptr && inst->has_key && first() == "index") return {inst->key, 1};
  if (root == "path" && !ref.path.empty()) {
    const std::string what = first();
    if (what == "module") return {hcl::Value::from_string(fs::absolute(dir_).lexically_normal().string()), 1};
    if (what == "root" || what == "cwd") return {hcl::Value::from_string(root_.string()), 1};
  }
  if (root == "terraform" && first() == "workspace") return {hcl::Value::from_string("default"), 1};
  if (root == "module" && ref.path.size() >= 2) {
    auto& kids = children();
    if (auto it = kids.find(first()); it != kids.end()) return {it->second->output(attr_name(ref.path[1])), 2};
    return {unknown_ref(ref), ref.path.size()};
  }
  if (root == "data" && ref.path.size() >= 3) {
    const std::string type = first(), name = attr_name(ref.path[1]);
    std::size_t at = 2;
    if (!ref.path[2].attr) ++at;  // data.x.y[0].attr
    if (at >= ref.path.size()) return {unknown_ref(ref), ref.path.size()};
    return {data_attribute(type, name, attr_name(ref.path[at]), ref), at + 1};
  }
  if (ref.path.size() >= 2 && root.find('_') != std::string::npos) {
    std::size_t consumed = 0;
    hcl::Value v = resource_attribute(root + "." + first(), ref.path, consumed, inst);
    return {std::move(v), consumed};
  }
  return {unknown_ref(ref), ref.path.size()};
}

hcl::Value Module::resource_attribute(const std::string& key, const std::vector<hcl::PathStep>& path, std::size_t& consumed,
                                      const Instance* from) {
  const auto it = resources_.find(key);
  consumed = path.size();
  if (it == resources_.end()) return hcl::Value::make_unknown(hcl::UnknownKind::reference, key, {});
  const hcl::Block& b = *it->second.first;
  std::size_t at = 1;
  std::vector<Instance> all = instances(b, *it->second.second, key);
  const Instance* inst = &all.front();
  if (at < path.size() && !path[at].attr) {
    const hcl::Value& k = path[at].key;
    for (const Instance& i : all) {
      if (k.type == hcl::Type::number && i.key.type == hcl::Type::number && i.key.number == k.number) inst = &i;
      if (k.type == hcl::Type::string && i.key.type == hcl::Type::string && i.key.text == k.text) inst = &i;
    }
    ++at;
  }
  if (at >= path.size()) {
    consumed = at;
    return hcl::Value::make_unknown(hcl::UnknownKind::reference, inst->address, {});
  }
  const std::string attr = attr_name(path[at]);
  consumed = at + 1;
  const std::string guard = inst->address + "." + attr;
  (void)from;
  if (!evaluating_.insert(guard).second) {
    return hcl::Value::make_unknown(hcl::UnknownKind::reference, guard, path[at].where);
  }
  hcl::Value out;
  if (const hcl::Attribute* a = b.body.attribute(attr)) {
    out = eval(*a->expr, inst);
  } else {
    const std::string type = b.labels[0];
    const Value attrs = to_iac(body_value(b.body, inst, 0), out_.decl);
    const std::string label = b.labels[1];
    const std::string arn = resource_arn(type, attrs, label, options_.env);
    if (attr == "arn" && !arn.empty()) {
      out = hcl::Value::from_string(arn);
    } else if ((attr == "name" || attr == "id" || attr == "bucket") &&
               (type == "aws_iam_role" || type == "aws_iam_user" || type == "aws_iam_group" || type == "aws_s3_bucket" ||
                type == "aws_iam_instance_profile" || type == "aws_lambda_function" || type == "aws_ecr_repository" ||
                type == "aws_dynamodb_table")) {
      out = hcl::Value::from_string(arn.substr(arn.find_last_of(":/") + 1));
    } else if ((attr == "id" || attr == "arn") && (type == "aws_iam_policy" || type == "aws_sns_topic" ||
                                                   type == "aws_secretsmanager_secret")) {
      out = hcl::Value::from_string(arn);
    } else if ((attr == "id" || attr == "url") && type == "aws_sqs_queue") {
      out = hcl::Value::from_string("https://sqs." + options_.env.region + ".amazonaws.com/" + options_.env.account + "/" +
                                    arn.substr(arn.rfind(':') + 1));
    } else if (attr == "function_name" && type == "aws_lambda_function") {
      out = hcl::Value::from_string(arn.substr(arn.rfind(':') + 1));
    } else {
      out = hcl::Value::make_unknown(hcl::UnknownKind::reference, guard, path[at].where);
    }
  }
  evaluating_.erase(guard);
  return out;
}

hcl::Value Module::data_attribute(const std::string& type, const std::string& name, const std::string& attr,
                                  const hcl::Reference& ref) {
  const Environment& env = options_.env;
  if (type == "aws_caller_identity") {
    if (attr == "account_id" || attr == "id") return hcl::Value::from_string(env.account);
    if (attr == "arn") return hcl::Value::from_string(env.caller());
  }
  if (type == "aws_partition") {
    if (attr == "partition" || attr == "id") return hcl::Value::from_string(env.partition);
    if (attr == "dns_suffix") return hcl::Value::from_string("amazonaws.com");
  }
  if (type == "aws_region" && (attr == "name" || attr == "region" || attr == "id")) return hcl::Value::from_string(env.region);
  if (type == "aws_iam_policy_document" && (attr == "json" || attr == "minified_json")) {
    const std::string key = "data." + type + "." + name;
    if (auto it = data_cache_.find(key); it != data_cache_.end()) return it->second;
    const auto it = data_.find(key);
    if (it == data_.end() || !evaluating_.insert(key).second) return unknown_ref(ref);
    hcl::Value v = policy_document(*it->second.first, *it->second.second);
    evaluating_.erase(key);
    data_cache_[key] = v;
    return v;
  }
  return unknown_ref(ref);
}

hcl::Value Module::policy_document(const hcl::Block& b, const hcl::File&) {
  const hcl::Value body = body_value(b.body, nullptr, 0);
  return build_policy_document(body, b.where);
}

hcl::Value Module::body_value(const hcl::Body& body, const Instance* inst, std::size_t depth) {
  std::vector<hcl::Member> members;
  for (const hcl::Attribute& a : body.attributes) {
    if (a.name == "count" || a.name == "for_each" || a.name == "depends_on" || a.name == "provider") continue;
    members.push_back(hcl::Member{a.name, a.name_where, eval(*a.expr, inst)});
  }
  if (depth < 8) {
    std::map<std::string, std::vector<hcl::Value>> blocks;
    std::map<std::string, hcl::Range> where;
    for (const hcl::Block& b : body.blocks) {
      if (b.type == "lifecycle" || b.type == "provisioner" || b.type == "connection") continue;
      if (b.type == "dynamic" && b.labels.size() == 1) {
        dynamic_block(b, inst, depth, blocks[b.labels[0]]);
        where[b.labels[0]] = b.where;
        continue;
      }
      hcl::Value v = body_value(b.body, inst, depth + 1);
      v.where = b.where;
      blocks[b.type].push_back(std::move(v));
      where[b.type] = b.where;
    }
    for (auto& [type, list] : blocks) members.push_back(hcl::Member{type, where[type], hcl::Value::tuple(std::move(list), where[type])});
  }
  return hcl::Value::object(std::move(members), body.where);
}

void Module::dynamic_block(const hcl::Block& b, const Instance* inst, std::size_t depth, std::vector<hcl::Value>& out) {
  const hcl::Attribute* each = b.body.attribute("for_each");
  const std::vector<const hcl::Block*> content = b.body.blocks_of("content");
  if (each == nullptr || content.empty()) return;
  std::string name = b.labels[0];
  if (const hcl::Attribute* it = b.body.attribute("iterator"); it && !it->expr->root_name.empty()) name = it->expr->root_name;
  const hcl::Value coll = eval(*each->expr, inst);
  std::vector<std::pair<hcl::Value, hcl::Value>> elements;
  if (coll.type == hcl::Type::object) {
    for (const hcl::Member& m : coll.members) elements.emplace_back(hcl::Value::from_string(m.key), m.value);
  } else if (coll.type == hcl::Type::tuple) {
    for (std::size_t i = 0; i < coll.items.size(); ++i) {
      elements.emplace_back(coll.set ? coll.items[i] : hcl::Value::from_number(static_cast<double>(i)), coll.items[i]);
    }
  } else {
    // An unknown collection: one block whose iterator values are unknown.
    const hcl::Value u = hcl::Value::make_unknown(hcl::UnknownKind::reference, name + ".value", each->where);
    elements.emplace_back(u, u);
  }
  for (auto& [k, v] : elements) {
    if (out.size() >= kMaxInstances) break;
    iterators_.push_back(Iterator{name, k, v});
    hcl::Value body = body_value(content.front()->body, inst, depth + 1);
    iterators_.pop_back();
    body.where = b.where;
    out.push_back(std::move(body));
  }
}

// ---- suppressions ---------------------------------------------------------------------------

// "# iamwarden:ignore ID REASON" (or //, /* */): the id and the reason; false when the comment
// is no suppression.
bool parse_suppression(std::string_view comment, std::string& id, std::string& reason) {
  const std::size_t at = comment.find("iamwarden:ignore");
  if (at == std::string_view::npos) return false;
  std::string_view rest = comment.substr(at + std::string_view("iamwarden:ignore").size());
  if (const std::size_t end = rest.find("*/"); end != std::string_view::npos) rest = rest.substr(0, end);
  rest = trim(rest);
  const std::size_t space = rest.find_first_of(" \t");
  id = std::string(rest.substr(0, space));
  reason = space == std::string_view::npos ? std::string() : std::string(trim(rest.substr(space)));
  return true;
}

// Every node a suppression may annotate: blocks at any depth and object expressions (the
// statements of a jsonencode policy), as (first line, last line).
void candidates(const hcl::Expr& e, std::vector<std::pair<std::uint32_t, std::uint32_t>>& out, std::size_t depth) {
  if (depth > 64) return;
  if (e.kind == hcl::ExprKind::object) out.emplace_back(e.where.begin.line, e.where.end.line);
  for (const auto& i : e.items) {
    if (i) candidates(*i, out, depth + 1);
  }
  for (const hcl::ObjectItem& oi : e.object_items) {
    if (oi.value) candidates(*oi.value, out, depth + 1);
  }
  for (const hcl::ExprPtr& p : {e.lhs, e.rhs, e.collection, e.source}) {
    if (p) candidates(*p, out, depth + 1);
  }
}

void candidates(const hcl::Body& body, std::vector<std::pair<std::uint32_t, std::uint32_t>>& out, std::size_t depth) {
  if (depth > 64) return;
  for (const hcl::Attribute& a : body.attributes) {
    if (a.expr) candidates(*a.expr, out, depth + 1);
  }
  for (const hcl::Block& b : body.blocks) {
    out.emplace_back(b.where.begin.line, b.where.end.line);
    candidates(b.body, out, depth + 1);
  }
}

void Module::suppressions_in(const hcl::File& f) {
  bool any = false;
  for (const hcl::Comment& c : f.comments) any = any || c.text.find("iamwarden:ignore") != std::string::npos;
  if (!any) return;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> nodes;
  candidates(f.body, nodes, 0);
  // Widest node first among those starting on the same line.
  std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  const std::string file = display_path(std::string(f.name));
  std::set<const hcl::Comment*> used;
  for (const auto& [first, last] : nodes) {
    for (const hcl::Comment* c : f.comments_for(first)) {
      std::string id, reason;
      if (used.count(c) || !parse_suppression(c->text, id, reason)) continue;
      used.insert(c);
      out_.decl.suppressions.push_back(Suppression{id, reason, origin_of(c->where), file, static_cast<int>(first),
                                                   static_cast<int>(last)});
    }
  }
  for (const hcl::Comment& c : f.comments) {
    std::string id, reason;
    if (used.count(&c) || !parse_suppression(c.text, id, reason)) continue;
    out_.decl.suppressions.push_back(Suppression{id, reason, origin_of(c.where), file, 0, -1});
  }
}

void Module::collect_suppressions() {
  for (const auto& f : files_) suppressions_in(*f);
}

// ---- variables given on the command line ----------------------------------------------------

hcl::Value literal_or_expression(const std::string& name, const std::string& text) {
  hcl::ParseError error;
  if (hcl::ExprPtr e = hcl::parse_expression("--var " + name, text, error)) {
    hcl::EmptyScope scope;
    hcl::Value v = hcl::evaluate(*e, scope);
    if (v.is_wholly_known()) return v;
  }
  return hcl::Value::from_string(text);
}

void var_file(const std::string& path, std::map<std::string, hcl::Value>& vars) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScanError(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  hcl::ParseError error;
  const bool json = path.size() > 5 && path.substr(path.size() - 5) == ".json";
  std::unique_ptr<hcl::File> f =
      json ? hcl::parse_json(path, std::move(ss).str(), error,
                             [](const std::vector<std::string>&, std::string_view) { return std::optional<std::size_t>(); })
           : hcl::parse(path, std::move(ss).str(), error);
  if (!f) throw ScanError(error.to_string());
  hcl::EmptyScope scope;
  for (const hcl::Attribute& a : f->body.attributes) vars[a.name] = hcl::evaluate(*a.expr, scope);
}

std::map<std::string, hcl::Value> root_variables(const fs::path& dir, const ScanOptions& options) {
  std::map<std::string, hcl::Value> vars;
  std::vector<fs::path> auto_files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n == "terraform.tfvars" || n == "terraform.tfvars.json") auto_files.insert(auto_files.begin(), e.path());
    else if (n.find(".auto.tfvars") != std::string::npos) auto_files.push_back(e.path());
  }
  for (const fs::path& p : auto_files) var_file(p.string(), vars);
  for (const std::string& f : options.var_files) var_file(f, vars);
  for (const std::string& v : options.vars) {
    const std::size_t eq = v.find('=');
    if (eq == std::string::npos || eq == 0) throw ScanError("--var " + v + ": expected NAME=VALUE");
    vars[v.substr(0, eq)] = literal_or_expression(v.substr(0, eq), v.substr(eq + 1));
  }
  return vars;
}

// The directories other scanned directories use as modules by local path (not roots).
std::set<std::string> module_dirs(const std::vector<std::string>& dirs) {
  std::set<std::string> out;
  for (const std::string& d : dirs) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      const std::string n = e.path().filename().string();
      if (!(n.size() > 3 && n.substr(n.size() - 3) == ".tf")) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      const std::string text = std::move(ss).str();
      // A cheap look for `source = "./..."` / `"../..."`; the module reader checks it properly.
      for (std::size_t pos = 0; (pos = text.find("source", pos)) != std::string::npos; ++pos) {
        std::size_t q = text.find_first_not_of(" \t=", pos + 6);
        if (q == std::string::npos || text[q] != '"') continue;
        const std::size_t end = text.find('"', q + 1);
        if (end == std::string::npos) break;
        const std::string src = text.substr(q + 1, end - q - 1);
        if (src.rfind("./", 0) == 0 || src.rfind("../", 0) == 0) out.insert((fs::path(d) / src).lexically_normal().string());
      }
    }
  }
  return out;
}

}  // namespace

void read_terraform(const std::vector<std::string>& dirs, const ScanOptions& options, Scan& out) {
  const std::set<std::string> children = module_dirs(dirs);
  std::vector<TfResource> resources;
  for (const std::string& dir : dirs) {
    const std::string normal = fs::path(dir).lexically_normal().string();
    if (children.count(normal) && dirs.size() > 1) continue;  // read through the module that uses it
    std::error_code ec;
    const fs::path root = fs::absolute(dir, ec);
    Module m(dir.empty() ? fs::path(".") : fs::path(dir), "", options, out, 0, root);
    m.load();
    for (auto& [name, value] : root_variables(dir.empty() ? fs::path(".") : fs::path(dir), options)) m.set_input(name, std::move(value));
    m.read(resources);
  }
  extract(resources, options.env, out.decl);
}

}  // namespace iw::iac

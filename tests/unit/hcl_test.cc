// The HCL layer's interface: positions, comments, unknown values, references, jsonencode's
// tree, file access limits, and robustness (limits, no crash on hostile input). Grammar and
// function results are data-driven in tests/cases/hcl (hcl_cases_test.cc).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/source.h"
#include "hcl/hcl.h"

namespace iw::hcl {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<File> must_parse(const std::string& text, const std::string& name = "main.tf") {
  ParseError error;
  auto file = parse(name, text, error);
  EXPECT_TRUE(file) << error.to_string();
  return file;
}

Value eval_text(const std::string& expr, Scope& scope, const EvalOptions& options = {}) {
  ParseError error;
  ExprPtr e = parse_expression("expr", expr, error);
  EXPECT_TRUE(e) << error.to_string();
  if (!e) return {};
  return evaluate(*e, scope, options);
}

Value eval_text(const std::string& expr) {
  EmptyScope scope;
  return eval_text(expr, scope);
}

TEST(Hcl, EveryNodeIsLocated) {
  auto file = must_parse("# c\nresource \"aws_iam_role\" \"r\" {\n  name = \"x-${var.y}\"\n}\n");
  ASSERT_TRUE(file);
  const Block& b = file->body.blocks.at(0);
  EXPECT_EQ(b.where.begin.line, 2u);
  EXPECT_EQ(b.where.begin.column, 1u);
  EXPECT_EQ(b.where.end.line, 4u);
  EXPECT_EQ(b.label_where.at(1).begin.column, 25u);
  const Attribute& a = b.body.attributes.at(0);
  EXPECT_EQ(a.where.begin.line, 3u);
  EXPECT_EQ(a.where.begin.column, 3u);
  EXPECT_EQ(a.expr->where.begin.column, 10u);
  EXPECT_EQ(a.expr->where.begin.offset, std::string("# c\nresource \"aws_iam_role\" \"r\" {\n  name = ").size());
  EXPECT_EQ(a.expr->source_text(file->source->text()), "\"x-${var.y}\"");
  EXPECT_EQ(to_string(a.expr->where.begin), "main.tf:3:10");
  // The interpolated traversal is located inside the string.
  const Expr& t = *a.expr->parts.at(1).expr;
  EXPECT_EQ(t.where.begin.column, 15u);
}

TEST(Hcl, ColumnsCountCodePoints) {
  auto file = must_parse("a = \"é\" \nb = \"ü\" + x\n");
  ASSERT_TRUE(file);
  const Expr& b = *file->body.attributes.at(1).expr;
  EXPECT_EQ(b.rhs->where.begin.column, 11u);
}

TEST(Hcl, CommentsOnOrDirectlyAboveANode) {
  auto file = must_parse(
      "# unrelated\n"
      "\n"
      "# iamwarden:ignore admin-wildcard reviewed by security\n"
      "// second line\n"
      "resource \"aws_iam_policy\" \"p\" { # trailing\n"
      "}\n"
      "x = 1 /* inline */\n");
  ASSERT_TRUE(file);
  ASSERT_EQ(file->comments.size(), 5u);
  auto near = file->comments_for(5);
  ASSERT_EQ(near.size(), 3u);
  EXPECT_EQ(near[0]->text, "# iamwarden:ignore admin-wildcard reviewed by security");
  EXPECT_EQ(near[1]->text, "// second line");
  EXPECT_EQ(near[2]->text, "# trailing");
  EXPECT_FALSE(near[2]->own_line);
  auto inline_ = file->comments_for(7);
  ASSERT_EQ(inline_.size(), 1u);
  EXPECT_EQ(inline_[0]->text, "/* inline */");
  EXPECT_TRUE(file->comments_for(6).empty());
}

TEST(Hcl, ParseErrorsNameFileLineColumn) {
  ParseError error;
  EXPECT_FALSE(parse("bad.tf", "a = 1\nb = [1,\n  2\nc = 3\n", error));
  EXPECT_EQ(error.pos.file, "bad.tf");
  EXPECT_EQ(error.pos.line, 4u);
  EXPECT_EQ(error.pos.column, 1u);
  EXPECT_EQ(error.to_string(), "bad.tf:4:1: expected ',' or ']' in the tuple, found 'c'");
}

TEST(Hcl, LimitsAreErrorsNotCrashes) {
  ParseError error;
  Limits limits;
  limits.max_bytes = 10;
  EXPECT_FALSE(parse("big.tf", "a = \"0123456789\"\n", error, limits));
  EXPECT_NE(error.message.find("limit"), std::string::npos);
  std::string deep = "a = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n";
  EXPECT_FALSE(parse("deep.tf", deep, error));
  EXPECT_NE(error.message.find("nesting"), std::string::npos);
  std::string unary = "a = " + std::string(100000, '-') + "1\n";
  EXPECT_FALSE(parse("unary.tf", unary, error));
  std::string templates;
  for (int i = 0; i < 5000; ++i) templates += "\"${";
  EXPECT_FALSE(parse("tmpl.tf", "a = " + templates + "\n", error));
  std::string blocks;
  for (int i = 0; i < 5000; ++i) blocks += "b {\n";
  EXPECT_FALSE(parse("blocks.tf", blocks, error));
}

TEST(Hcl, EvaluationWorkIsBounded) {
  // 10^4 * 10^4 elements: over the budget, an unknown (limit), quickly.
  Value v = eval_text("[for a in range(10000) : [for b in range(10000) : a * b]]");
  auto unknowns = v.unknowns();
  ASSERT_FALSE(unknowns.empty());
  EXPECT_EQ(unknowns.front()->kind, UnknownKind::limit);
  Value big = eval_text("join(\",\", [for i in range(50000) : \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"])");
  EXPECT_EQ(big.type, Type::string);
  Value huge = eval_text("replace(join(\"\", [for i in range(90000) : \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"]), \"a\", \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\")");
  ASSERT_EQ(huge.type, Type::unknown);
  EXPECT_EQ(huge.unknown.kind, UnknownKind::limit);
}

class MapScope final : public Scope {
 public:
  Resolved resolve(const Reference& ref) override {
    seen.push_back(ref.text());
    if (ref.root == "var" && !ref.path.empty() && ref.path[0].key.text == "account") {
      return {Value::from_string("111122223333", Range{Pos{"vars.tf", 9, 3, 100}, {}}), 1};
    }
    if (ref.root == "aws_iam_role" && ref.path.size() >= 2) {
      Value role = Value::object({Member{"name", {}, Value::from_string("deploy")},
                                  Member{"arn", {}, Value::make_unknown(UnknownKind::reference, "aws_iam_role.r.arn", ref.where)}});
      return {role, 1};
    }
    return {Value::make_unknown(UnknownKind::reference, ref.text(), ref.where), ref.path.size()};
  }
  std::vector<std::string> seen;
};

TEST(Hcl, ScopeSeesTheStaticPathAndConsumes) {
  MapScope scope;
  Value v = eval_text("\"${aws_iam_role.r.name}:${var.account}:${aws_iam_role.r[\"arn\"]}\"", scope);
  ASSERT_EQ(v.type, Type::string);
  EXPECT_EQ(v.text, "deploy:111122223333:");
  ASSERT_EQ(v.holes.size(), 1u);
  EXPECT_EQ(v.holes[0].why.what, "aws_iam_role.r.arn");
  EXPECT_EQ(v.with_placeholders(), "deploy:111122223333:*");
  EXPECT_EQ(scope.seen, (std::vector<std::string>{"aws_iam_role.r.name", "var.account", "aws_iam_role.r[\"arn\"]"}));
  // A value the Scope returned keeps the range the Scope gave it.
  Value account = eval_text("var.account", scope);
  EXPECT_EQ(account.where.begin.file, "vars.tf");
  EXPECT_EQ(account.where.begin.line, 9u);
}

TEST(Hcl, UnknownsPropagateAndSayWhatAndWhere) {
  EmptyScope scope;
  Value v = eval_text("upper(\"a-${var.env}\")", scope);
  ASSERT_EQ(v.type, Type::string);
  EXPECT_EQ(v.text, "A-");
  ASSERT_EQ(v.holes.size(), 1u);
  EXPECT_EQ(v.holes[0].why.kind, UnknownKind::reference);
  EXPECT_EQ(v.holes[0].why.what, "var.env");
  EXPECT_EQ(v.holes[0].why.where.begin.column, 12u);
  Value n = eval_text("var.a.b[0] + 1", scope);
  ASSERT_TRUE(n.is_unknown());
  EXPECT_EQ(n.unknown.what, "var.a.b[0]");
  Value f = eval_text("nosuch(1)", scope);
  ASSERT_TRUE(f.is_unknown());
  EXPECT_EQ(f.unknown.kind, UnknownKind::function);
  EXPECT_EQ(f.unknown.what, "nosuch");
  Value err = eval_text("1 + \"x\"", scope);
  ASSERT_TRUE(err.is_unknown());
  EXPECT_EQ(err.unknown.kind, UnknownKind::error);
  // Unknown elements stay in place; the rest is known.
  Value t = eval_text("[1, var.x, \"s\"]", scope);
  ASSERT_EQ(t.type, Type::tuple);
  EXPECT_TRUE(t.items[1].is_unknown());
  EXPECT_FALSE(t.is_wholly_known());
  EXPECT_EQ(t.unknowns().size(), 1u);
}

TEST(Hcl, EveryValueKeepsItsSourceRange) {
  auto file = must_parse(
      "policy = {\n"
      "  Statement = [\n"
      "    { Effect = \"Allow\", Action = \"s3:*\" },\n"
      "  ]\n"
      "}\n");
  ASSERT_TRUE(file);
  EmptyScope scope;
  Value v = evaluate(*file->body.attributes[0].expr, scope);
  const Value* statements = v.find("Statement");
  ASSERT_TRUE(statements);
  EXPECT_EQ(statements->where.begin.line, 2u);
  const Value& s0 = statements->items.at(0);
  EXPECT_EQ(s0.where.begin.line, 3u);
  EXPECT_EQ(s0.where.begin.column, 5u);
  EXPECT_EQ(s0.find("Action")->where.begin.column, 34u);
  EXPECT_EQ(s0.members[0].key, "Action");
  EXPECT_EQ(s0.members[0].key_where.begin.column, 25u);
}

TEST(Hcl, JsonencodeKeepsTheEncodedTree) {
  auto file = must_parse(
      "p = jsonencode({\n"
      "  Version = \"2012-10-17\"\n"
      "  Statement = [{ Effect = \"Allow\", Resource = \"arn:aws:s3:::${var.b}/*\" }]\n"
      "})\n");
  ASSERT_TRUE(file);
  EmptyScope scope;
  Value v = evaluate(*file->body.attributes[0].expr, scope);
  ASSERT_EQ(v.type, Type::string);
  EXPECT_EQ(v.with_placeholders(),
            R"({"Statement":[{"Effect":"Allow","Resource":"arn:aws:s3:::*/*"}],"Version":"2012-10-17"})");
  ASSERT_TRUE(v.encoded);
  const Value& statement = v.encoded->find("Statement")->items.at(0);
  EXPECT_EQ(statement.where.begin.line, 3u);
  EXPECT_EQ(statement.where.begin.column, 16u);
  EXPECT_EQ(to_json(*v.encoded, "?"),
            R"({"Statement":[{"Effect":"Allow","Resource":"arn:aws:s3:::?/*"}],"Version":"2012-10-17"})");
}

TEST(Hcl, VerbatimStringsLocateTheirCharacters) {
  auto file = must_parse("p = <<EOF\n{\"Action\": \"s3:*\"}\nEOF\nq = \"{\\\"a\\\": 1}\"\n");
  ASSERT_TRUE(file);
  EmptyScope scope;
  Value p = evaluate(*file->body.attributes[0].expr, scope);
  EXPECT_EQ(p.text_origin.line, 2u);
  Value q = evaluate(*file->body.attributes[1].expr, scope);
  EXPECT_TRUE(q.text_origin.file.empty());  // escapes: not verbatim
  // jsondecode of a heredoc: decoded values are located in the heredoc.
  ParseError error;
  auto f2 = must_parse("p = jsondecode(<<EOF\n{\"Action\":\n  \"s3:*\"}\nEOF\n)\n");
  ASSERT_TRUE(f2);
  Value d = evaluate(*f2->body.attributes[0].expr, scope);
  ASSERT_EQ(d.type, Type::object);
  EXPECT_EQ(d.find("Action")->where.begin.line, 3u);
  EXPECT_EQ(d.find("Action")->where.begin.column, 3u);
  EXPECT_EQ(d.members[0].key_where.begin.line, 2u);
  EXPECT_EQ(d.members[0].key_where.begin.column, 2u);
  (void)error;
}

TEST(Hcl, FileReadsStayInsideTheTree) {
  fs::path root = fs::temp_directory_path() / ("iw_hcl_" + std::to_string(::getpid()));
  fs::create_directories(root / "mod");
  std::ofstream(root / "mod" / "p.json") << "{\"Action\": \"s3:*\"}";
  std::ofstream(root.parent_path() / ("iw_hcl_outside_" + std::to_string(::getpid()))) << "secret";
  EvalOptions options;
  options.base_dir = root;
  options.tree_root = root;
  EmptyScope scope;
  Value ok = eval_text("jsondecode(file(\"mod/p.json\")).Action", scope, options);
  EXPECT_EQ(ok.text, "s3:*");
  EXPECT_EQ(ok.where.begin.line, 1u);
  EXPECT_EQ(ok.where.begin.column, 12u);
  EXPECT_NE(ok.where.begin.file.find("p.json"), std::string_view::npos);
  Value out = eval_text("file(\"../iw_hcl_outside_" + std::to_string(::getpid()) + "\")", scope, options);
  ASSERT_TRUE(out.is_unknown());
  EXPECT_EQ(out.unknown.kind, UnknownKind::file);
  fs::create_directory_symlink(root.parent_path(), root / "escape");
  Value link = eval_text("file(\"escape/iw_hcl_outside_" + std::to_string(::getpid()) + "\")", scope, options);
  ASSERT_TRUE(link.is_unknown());
  Value off = eval_text("file(\"mod/p.json\")", scope);  // no base dir: no file is read
  ASSERT_TRUE(off.is_unknown());
  fs::remove(root.parent_path() / ("iw_hcl_outside_" + std::to_string(::getpid())));
  fs::remove_all(root);
}

TEST(Hcl, ReferencesListsWhatAnExpressionUses) {
  ParseError error;
  ExprPtr e = parse_expression("x", "[for k, v in var.m : \"${k}-${local.p[v]}\" if v != aws_iam_role.r[*].arn]", error);
  ASSERT_TRUE(e) << error.to_string();
  std::vector<std::string> texts;
  for (const auto& r : references(*e)) texts.push_back(r.text());
  EXPECT_EQ(texts, (std::vector<std::string>{"var.m", "local.p[?]", "aws_iam_role.r"}));
}

TEST(Hcl, LoadDirectoryReadsTfAndTfJsonInNameOrder) {
  fs::path dir = fs::temp_directory_path() / ("iw_hcl_dir_" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "b.tf") << "locals { x = 1 }\n";
  std::ofstream(dir / "a.tf.json") << "{\"locals\": {\"y\": 2}}";
  std::ofstream(dir / "c.tf") << "broken {\n";
  std::ofstream(dir / "notes.txt") << "x";
  std::ofstream(dir / "sub" / "d.tf") << "z = 1\n";
  Directory d = load_directory(dir);
  ASSERT_EQ(d.files.size(), 2u);
  EXPECT_TRUE(std::string(d.files[0]->name).ends_with("a.tf.json"));
  EXPECT_EQ(d.files[0]->syntax, Syntax::json);
  EXPECT_EQ(d.files[0]->body.blocks.at(0).type, "locals");
  EXPECT_EQ(d.files[0]->body.blocks.at(0).body.attributes.at(0).name, "y");
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_NE(d.errors[0].to_string().find("c.tf:2:1: missing '}'"), std::string::npos) << d.errors[0].to_string();
  fs::remove_all(dir);
}

TEST(Hcl, EveryFunctionHasACase) {
  std::string all;
  for (const auto& entry : fs::directory_iterator(fs::path(IW_CASES_DIR) / "hcl" / "eval")) {
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  for (std::string_view name : function_names()) {
    EXPECT_NE(all.find(std::string(name) + "("), std::string::npos) << name << "() has no case in tests/cases/hcl/eval";
  }
}

TEST(Hcl, HostileInputNeverCrashes) {
  const char* inputs[] = {"", "\n", "=", "a", "a =", "a = \"", "a = <<", "a = <<E\n", "a = \"${", "a = \"%{",
                          "a = \"%{ if", "a = [for", "a = {for x in y : x =>", "a = f(", "a = x[", "a = x.*",
                          "a = x.", "a = 1e", "a = 1.", "a = \"\\u12", "b \"", "b {", "/*", "a = x ? y",
                          "a = {a = 1,, b = 2}", "a = \"\\", "a = \"${a~}~}\"", "a = <<-E\n  x\n E",
                          "\xff\xfe = 1", "a = \"\xc3\"", "a = !", "a = -", "a=[*]", "a = x[*", "a = ...",
                          "a = x...", "a = (", "a = {(", "a = {\"k\" 1}"};
  for (const char* in : inputs) {
    ParseError error;
    auto f = parse("h.tf", in, error);
    if (!f) {
      EXPECT_FALSE(error.message.empty()) << in;
    }
    auto j = parse_json("h.tf.json", in, error);
    (void)j;
  }
}

}  // namespace
}  // namespace iw::hcl

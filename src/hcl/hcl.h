// HCL2: the native syntax (`.tf`), its JSON syntax (`.tf.json`), and an evaluator of its
// expressions with the functions Terraform code uses to build IAM policies.
//
// This layer knows HCL, not Terraform: it parses files into a located syntax tree (bodies,
// attributes, blocks, expressions, comments) and evaluates an expression against a Scope the
// caller provides (which decides what `var.x`, `aws_iam_role.r.arn`, `each.key`, ... are).
//
// Guarantees, for any input bytes:
//   - parse_*() never crash or hang: they return a tree or one ParseError naming file, line and
//     column. Input size and nesting depth are limited (Limits); exceeding them is a ParseError.
//   - evaluate() never throws and never fails: what it cannot compute (an unresolved reference,
//     an unknown function, a type error, a file outside the scanned tree, a result over a size
//     limit) becomes an unknown Value that says what and where. Unknown propagates through every
//     operator and function; strings may be partly unknown (Value::holes).
//   - Every node and every Value carries the source range it came from.
// Threads: parsed Files are immutable and may be read and evaluated from several threads at
// once (each evaluate() call with its own Scope).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iw {
class SourceText;
}

namespace iw::hcl {

// ---------------------------------------------------------------------------------------------
// Positions

// A point in a source file. `file` views an interned copy of the file name that lives as long as
// the process, so a Pos never dangles (copy it freely, keep it past the File). line and column
// are 1-based (column counts Unicode code points, as SourceText does); 0 = unknown.
struct Pos {
  std::string_view file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t offset = 0;  // byte offset in the file
};

// [begin, end): end is the point just past the last character.
struct Range {
  Pos begin;
  Pos end;
};

// "file:line:column".
std::string to_string(const Pos& pos);

// The interned, process-lifetime copy of a file name (what Pos::file views). Thread-safe.
std::string_view intern_file_name(std::string_view name);

// ---------------------------------------------------------------------------------------------
// Values

enum class Type : std::uint8_t { null, boolean, number, string, tuple, object, unknown };
std::string_view to_string(Type t);

// Why a value is unknown.
enum class UnknownKind : std::uint8_t {
  reference,  // a reference the Scope could not resolve (`var.x` without a default, a resource attribute)
  function,   // a function this evaluator does not implement
  file,       // file()/templatefile() of a path outside the scanned tree, missing or unreadable
  error,      // the expression is wrong (a type error, an index out of range, a bad argument):
              // Terraform would fail; try() and can() treat it as an error
  limit,      // a result over the evaluator's size or depth limits
};

struct Unknown {
  UnknownKind kind = UnknownKind::reference;
  std::string what;    // the reference text ("var.account_id", "aws_iam_role.r.arn"), the function
                       // name, the file path, or the error message
  Range where;         // the expression that could not be computed
};

struct Value;

// An object member. Objects keep members sorted by key (byte order, as Terraform iterates
// maps and objects), one per key.
struct Member;

// A value. Plain data: copy, compare and build it freely; evaluate() returns it by value.
//   null, boolean (`boolean`), number (`number`, a double), string (`text`, UTF-8),
//   tuple (`items`: HCL tuples, lists and sets; `set` marks a toset() result, sorted and
//   distinct), object (`members`: HCL objects and maps), unknown (`unknown`).
// `where` is the range of the expression the value came from: a literal's own range; for a
// value a Scope returned, whatever range the Scope put in it (say, a variable's default);
// elements of tuples and objects each keep theirs, and each member keeps its key's range.
struct Value {
  Type type = Type::null;
  bool boolean = false;
  bool set = false;  // tuple made by toset()
  double number = 0;
  std::string text;

  // Partly unknown strings: the known text is in `text`; each hole marks where an unknown
  // part sits (`offset` into `text`, the unknown part itself is not in `text`). A string with
  // holes is still Type::string. Holes are in offset order; several may share an offset.
  struct Hole {
    std::size_t offset = 0;
    Unknown why;
  };
  std::vector<Hole> holes;

  std::vector<Value> items;
  std::vector<Member> members;

  // Type::unknown: what could not be computed.
  Unknown unknown;

  // jsonencode() results: the value tree that was encoded, with its source ranges, so a policy
  // statement found in the JSON text can be traced back to the HCL that wrote it. Null
  // otherwise. (The JSON text itself is in `text`, holes where unknown parts are.)
  std::shared_ptr<const Value> encoded;

  Range where;

  // Strings whose bytes are a verbatim slice of a source (a file() result; a quoted string or
  // heredoc without escapes, interpolation or indentation stripping): where text[0] is, and
  // that source, so a caller that parses the string (a JSON policy) can locate text[i].
  // text_origin.file is empty otherwise.
  Pos text_origin;
  std::shared_ptr<const SourceText> origin_source;
  // The position of text[i]: exact for a verbatim string, else where.begin.
  Pos locate(std::size_t i) const;

  // --- construction ---
  static Value null_value(Range where = {});
  static Value from_bool(bool b, Range where = {});
  static Value from_number(double n, Range where = {});
  static Value from_string(std::string s, Range where = {});
  static Value tuple(std::vector<Value> items, Range where = {});
  // Sorts by key; of repeated keys the last one wins.
  static Value object(std::vector<Member> members, Range where = {});
  static Value make_unknown(UnknownKind kind, std::string what, Range where);

  // --- inspection ---
  bool is_null() const { return type == Type::null; }
  bool is_unknown() const { return type == Type::unknown; }
  // Neither this value nor anything inside it is unknown or has holes.
  bool is_wholly_known() const;
  // Every Unknown in this value (its own, its holes', its elements'), in document order.
  std::vector<const Unknown*> unknowns() const;
  // The member named `key` of an object, or nullptr (also for non-objects).
  const Value* find(std::string_view key) const;
  // A string with every hole replaced by `placeholder` ("*" makes an IAM wildcard of it).
  std::string with_placeholders(std::string_view placeholder = "*") const;
};

struct Member {
  std::string key;
  Range key_where;
  Value value;
};

// Structural equality of known values (ranges ignored). Numbers compare as doubles. Unknown
// values and strings with holes are never equal to anything (use is_wholly_known first).
bool equal(const Value& a, const Value& b);

// The JSON text of a value as jsonencode() writes it: object keys sorted, numbers in shortest
// form (integers without a fraction), no whitespace. Unknown parts are written as `placeholder`
// (inside a string: as part of the string; a wholly unknown value: a JSON string of it).
std::string to_json(const Value& v, std::string_view placeholder = "*");

// A human-readable rendering for messages and tests: strings quoted, unknown as
// `(unknown: what)`, holes as `${?what}`.
std::string display(const Value& v);

// ---------------------------------------------------------------------------------------------
// Syntax tree

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

enum class ExprKind : std::uint8_t {
  literal,      // `value`: number, bool, null, or a string without interpolation
  template_,    // `parts` (a quoted string with ${}/%{}, or a heredoc)
  tuple,        // `items`
  object,       // `object_items`
  traversal,    // `root_name` (a variable) or `source` (any expression), then `steps`
  call,         // `name`(`items`), `expand_final` for `f(list...)`
  for_tuple,    // [for key_var, value_var in collection : value if condition]
  for_object,   // {for key_var, value_var in collection : key => value... if condition}
  conditional,  // condition ? lhs : rhs  (lhs = true branch, rhs = false branch)
  unary,        // op lhs
  binary,       // lhs op rhs
  parens,       // (lhs): kept so a caller can point at the parentheses
};

enum class Op : std::uint8_t {
  none,
  // unary
  negate, not_,
  // binary, by precedence (low to high): || ; && ; == != ; < > <= >= ; + - ; * / %
  or_, and_, eq, ne, lt, gt, le, ge, add, sub, mul, div, mod,
};
std::string_view to_string(Op op);

// One step of a traversal.
//   attr:   `.name`
//   index:  `[expr]`, and the legacy `.0` (index = a number literal)
//   splat_full: `[*]`, splat_attr: `.*`
// Splat semantics (HCL spec): after `[*]`, every following attr/index step applies to each
// element; after `.*`, only the following attr steps do (an index step ends the splat). A splat
// of a non-tuple value makes a one-element tuple of it, of null an empty tuple.
struct Step {
  enum class Kind : std::uint8_t { attr, index, splat_full, splat_attr };
  Kind kind = Kind::attr;
  std::string name;  // attr
  ExprPtr index;     // index
  Range where;
};

// A piece of a template. literal: `text` (escapes already decoded, `$${`/`%%{` unescaped,
// heredoc indentation stripped, `~` strip markers applied). interpolation: `${expr}`.
// if_: `%{if expr}` then_parts `%{else}` else_parts `%{endif}`.
// for_: `%{for key_var, value_var in expr}` then_parts `%{endfor}` (key_var may be empty).
struct TemplatePart {
  enum class Kind : std::uint8_t { literal, interpolation, if_, for_ };
  Kind kind = Kind::literal;
  std::string text;
  ExprPtr expr;
  std::vector<TemplatePart> then_parts;
  std::vector<TemplatePart> else_parts;
  std::string key_var;
  std::string value_var;
  Range where;
};

struct ObjectItem {
  // The key: an identifier `k = v` is a literal string; `"k"`, `(expr)` or `"${x}"` are
  // expressions evaluated to a string.
  ExprPtr key;
  ExprPtr value;
  bool key_is_identifier = false;  // written as a bare word
};

struct Expr {
  ExprKind kind = ExprKind::literal;
  Range where;

  Value value;                        // literal
  std::vector<TemplatePart> parts;    // template_
  bool heredoc = false;               // template_: written as <<EOF / <<-EOF
  std::vector<ExprPtr> items;         // tuple; call arguments
  std::vector<ObjectItem> object_items;  // object

  std::string root_name;              // traversal from a variable: "var", "local", "each", ...
  ExprPtr source;                     // traversal from an expression (when root_name is empty)
  std::vector<Step> steps;            // traversal

  std::string name;                   // call: the function name ("provider::ns::f" kept whole)
  bool expand_final = false;          // call: last argument followed by `...`

  std::string key_var;                // for_*: may be empty
  std::string value_var;              // for_*
  ExprPtr collection;                 // for_*
  ExprPtr key;                        // for_object: the key expression
  ExprPtr condition;                  // for_*: the `if` (may be null); conditional: the test
  bool grouping = false;              // for_object: value followed by `...`

  Op op = Op::none;                   // unary, binary
  ExprPtr lhs;                        // unary operand; binary left; conditional true; parens inner;
                                      // for_*: the value expression
  ExprPtr rhs;                        // binary right; conditional false

  // The exact source text of this expression ("" for expressions built from .tf.json strings
  // that are not templates).
  std::string_view source_text(std::string_view file_text) const;
};

struct Attribute {
  std::string name;
  Range name_where;
  ExprPtr expr;
  Range where;  // from the name to the end of the expression
};

struct Block;

// A body: its attributes and its blocks, each in source order. (In `.tf.json`, a member the
// JsonSchema calls a block becomes blocks, the others attributes; `//` members are comments.)
struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  Range where;

  // The attribute named `name`, or nullptr.
  const Attribute* attribute(std::string_view name) const;
  // The blocks of this type, in source order.
  std::vector<const Block*> blocks_of(std::string_view type) const;
};

struct Block {
  std::string type;
  Range type_where;
  std::vector<std::string> labels;
  std::vector<Range> label_where;
  Body body;
  Range where;  // from the type to the closing brace
};

// A comment as written: `text` includes its marker (`#`, `//` or `/* */`), not the line break.
// `own_line`: nothing but whitespace precedes it on its line.
struct Comment {
  Range where;
  std::string text;
  bool own_line = false;
};

enum class Syntax : std::uint8_t { native, json };

struct File {
  std::string_view name;               // interned (see Pos)
  Syntax syntax = Syntax::native;
  std::shared_ptr<const SourceText> source;  // the text, for snippets and code frames
  Body body;
  std::vector<Comment> comments;       // in source order

  // The comments that annotate a node starting on `line`: those on that line, and the run of
  // own-line comments directly above it (no blank or code line between). Source order.
  // This is where `# iamwarden:ignore <id> <reason>` is looked for.
  std::vector<const Comment*> comments_for(std::uint32_t line) const;
};

// ---------------------------------------------------------------------------------------------
// Parsing

struct Limits {
  std::size_t max_bytes = 16u << 20;  // per file
  std::size_t max_depth = 100;        // nesting of blocks, brackets, templates and operators
};

struct ParseError {
  std::string message;
  Pos pos;
  // "file:line:column: message"
  std::string to_string() const;
};

// Which members of a `.tf.json` object are blocks, and with how many labels. `path` lists the
// types of the enclosing blocks (outermost first; empty at the top level); `key` is the member.
// Returns nullopt for an attribute. (HCL's JSON syntax needs a schema to tell the two apart.)
using JsonSchema =
    std::function<std::optional<std::size_t>(const std::vector<std::string>& path, std::string_view key)>;

// The schema of Terraform's top-level blocks (resource and data: 2 labels; module, provider,
// variable, output: 1; locals, terraform, moved, import, check: 0 — locals' members are
// attributes) and of the nested blocks iamwarden reads: dynamic (1 label) and its content,
// lifecycle, and `statement`, `principals`, `not_principals`, `condition` in data sources.
// Everything else is an attribute. Callers needing more wrap it.
JsonSchema terraform_json_schema();

// Parses one native-syntax file. On failure returns nullptr and fills `error`.
std::unique_ptr<File> parse(std::string_view name, std::string text, ParseError& error,
                            const Limits& limits = {});

// Parses one JSON-syntax file (`.tf.json`) with the project's JSON parser: strings become
// templates (`${}` and `%{}` evaluated), numbers, bools and null literals, arrays tuples,
// objects objects; every node keeps its range in the JSON text.
std::unique_ptr<File> parse_json(std::string_view name, std::string text, ParseError& error,
                                 const JsonSchema& schema = terraform_json_schema(),
                                 const Limits& limits = {});

// Parses a standalone expression (a `-var` value). `name` names it in positions.
ExprPtr parse_expression(std::string_view name, std::string_view text, ParseError& error,
                         const Limits& limits = {});

// Parses a whole text as a template (templatefile()'s file, a .tf.json string).
ExprPtr parse_template(std::string_view name, std::string_view text, ParseError& error,
                       const Limits& limits = {});

// The `.tf` and `.tf.json` files directly in `dir` (not its subdirectories), parsed, in file
// name order. Files that fail to read or parse are left out and reported in `errors`.
// Override files (`*_override.tf`) are loaded like the others; merging them is the caller's.
struct Directory {
  std::vector<std::unique_ptr<File>> files;
  std::vector<ParseError> errors;
};
Directory load_directory(const std::filesystem::path& dir, const Limits& limits = {},
                         const JsonSchema& schema = terraform_json_schema());

// ---------------------------------------------------------------------------------------------
// Evaluation

// One step of a Reference's path: an attribute name or an evaluated index key.
struct PathStep {
  bool attr = true;   // `.name` (key is a string) vs `[key]`
  Value key;          // string or number; may be unknown (a dynamic index)
  Range where;
};

// A traversal from a root variable, as the Scope sees it: `aws_iam_role.r.arn` is root
// "aws_iam_role", path [r, arn]. The path stops before the first splat.
struct Reference {
  std::string_view root;
  std::vector<PathStep> path;
  Range where;           // the whole traversal
  // "aws_iam_role.r.arn", `["k"]` and `[0]` for index steps, `[?]` for an unknown index.
  std::string text() const;
};

// What a Scope found: the value of root + the first `consumed` steps of the path. The
// evaluator applies the remaining steps itself (attribute/index access), so a Scope may
// answer `var` with the object of all variables (consumed 0), or `aws_iam_role.r.arn` with
// exactly that attribute (consumed 2).
struct Resolved {
  Value value;
  std::size_t consumed = 0;
};

// The caller's resolver for root variables (var, local, each, count, path, terraform, data,
// module, resource types, anything else). Variables bound by for-expressions, template `for`
// directives and templatefile()'s vars are resolved by the evaluator before it asks the Scope.
// A Scope that cannot resolve a reference returns an unknown value (UnknownKind::reference,
// what = ref.text()); the evaluator never fails because of it.
class Scope {
 public:
  virtual ~Scope() = default;
  virtual Resolved resolve(const Reference& ref) = 0;
};

// A Scope that resolves nothing (every reference is unknown): for literal-only evaluation.
class EmptyScope final : public Scope {
 public:
  Resolved resolve(const Reference& ref) override;
};

struct EvalOptions {
  // file() and templatefile() read paths relative to `base_dir` (Terraform: the working
  // directory, the root module's), and only files inside `tree_root` after resolving `..` and
  // symlinks; any other path gives an unknown value (UnknownKind::file). Both empty: no file
  // is read.
  std::filesystem::path base_dir;
  std::filesystem::path tree_root;
  std::size_t max_file_bytes = 4u << 20;
  // Results larger than these become unknown (UnknownKind::limit): range(), formatlist,
  // string repetition through for-expressions and templates, and so on.
  std::size_t max_string_bytes = 4u << 20;
  std::size_t max_elements = 100000;
  std::size_t max_depth = 100;  // nested templatefile() and evaluation depth
  Limits parse_limits;          // for templatefile()'s templates and jsondecode's text
};

// Evaluates `expr`. Never throws; see the file comment for unknowns.
Value evaluate(const Expr& expr, Scope& scope, const EvalOptions& options = {});

// Every traversal from a root variable in `expr` (including inside templates, calls and
// for-expressions, excluding the for-expressions' own variables), in source order, with the
// static part of each path (index keys that are literals; other index keys unknown). For
// ordering locals and finding what a value depends on.
std::vector<Reference> references(const Expr& expr);

// The names of the functions evaluate() implements, sorted.
const std::vector<std::string_view>& function_names();

// ---------------------------------------------------------------------------------------------
// Dumps (tests, debugging): a JSON rendering of a syntax tree and of a value, with positions
// as "line:column". Stable, documented by tests/cases/hcl.
std::string dump(const File& file);
std::string dump(const Expr& expr);
std::string dump(const Value& value);

}  // namespace iw::hcl

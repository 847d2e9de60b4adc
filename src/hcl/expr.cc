// The native syntax: expressions (operators by HCL precedence, terms, traversals, calls,
// collections, for-expressions).
#include <cmath>
#include <cstdlib>

#include "hcl/parser.h"

namespace iw::hcl {

namespace {

struct OpInfo {
  Op op;
  int level;
  std::size_t length;
};

OpInfo binary_op_at(std::string_view s) {
  auto two = s.substr(0, 2);
  if (two == "||") return {Op::or_, 1, 2};
  if (two == "&&") return {Op::and_, 2, 2};
  if (two == "==") return {Op::eq, 3, 2};
  if (two == "!=") return {Op::ne, 3, 2};
  if (two == "<=") return {Op::le, 4, 2};
  if (two == ">=") return {Op::ge, 4, 2};
  if (s.empty()) return {Op::none, 0, 0};
  switch (s[0]) {
    case '<': return two == "<<" ? OpInfo{Op::none, 0, 0} : OpInfo{Op::lt, 4, 1};
    case '>': return {Op::gt, 4, 1};
    case '+': return {Op::add, 5, 1};
    case '-': return {Op::sub, 5, 1};
    case '*': return {Op::mul, 6, 1};
    case '/': return {Op::div, 6, 1};
    case '%': return {Op::mod, 6, 1};
    default: return {Op::none, 0, 0};
  }
}

std::shared_ptr<Expr> node(ExprKind kind, Range where) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->where = where;
  return e;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

ExprPtr Parser::parse_expr() {
  DepthGuard guard(*this);
  std::size_t begin = i_;
  ExprPtr test = parse_binary(1);
  std::size_t save = i_;
  skip_ws();
  if (peek() != '?') {
    i_ = save;
    return test;
  }
  ++i_;
  skip_space(true);
  ExprPtr then = parse_expr();
  skip_space(true);
  expect(':', "':' of the conditional expression");
  skip_space(true);
  ExprPtr otherwise = parse_expr();
  auto e = node(ExprKind::conditional, range(begin, i_));
  e->condition = test;
  e->lhs = then;
  e->rhs = otherwise;
  return e;
}

ExprPtr Parser::parse_binary(int min_level) {
  std::size_t begin = i_;
  ExprPtr lhs = parse_unary();
  for (;;) {
    std::size_t save = i_;
    skip_ws();
    OpInfo op = binary_op_at(text_.substr(i_, std::min<std::size_t>(2, end_ - i_)));
    // `a /b` and `a //c` differ: a comment was skipped above, so what is left is an operator.
    if (op.op == Op::none || op.level < min_level) {
      i_ = save;
      return lhs;
    }
    i_ += op.length;
    skip_space(true);
    DepthGuard guard(*this);
    ExprPtr rhs = parse_binary(op.level + 1);
    auto e = node(ExprKind::binary, range(begin, i_));
    e->op = op.op;
    e->lhs = lhs;
    e->rhs = rhs;
    lhs = e;
  }
}

ExprPtr Parser::parse_unary() {
  std::size_t begin = i_;
  if (peek() == '!' || peek() == '-') {
    DepthGuard guard(*this);
    Op op = peek() == '!' ? Op::not_ : Op::negate;
    ++i_;
    skip_space(nl_);
    ExprPtr operand = parse_unary();
    if (op == Op::negate && operand->kind == ExprKind::literal && operand->value.type == Type::number) {
      auto e = std::make_shared<Expr>(*operand);
      e->where = range(begin, i_);
      e->value.number = -e->value.number;
      e->value.where = e->where;
      return e;
    }
    auto e = node(ExprKind::unary, range(begin, i_));
    e->op = op;
    e->lhs = operand;
    return e;
  }
  return parse_term();
}

ExprPtr Parser::parse_term() {
  DepthGuard guard(*this);
  std::size_t begin = i_;
  char c = peek();
  ExprPtr term;
  if (c >= '0' && c <= '9') {
    term = parse_number();
  } else if (c == '"') {
    term = parse_quoted();
  } else if (c == '<' && peek(1) == '<') {
    term = parse_heredoc();
  } else if (c == '[') {
    term = parse_tuple();
  } else if (c == '{') {
    term = parse_object();
  } else if (c == '(') {
    term = parse_parens();
  } else if (is_id_start(c)) {
    term = parse_word();
  } else if (at_end()) {
    fail_here("expected an expression, found the end of the input");
  } else if (c == '\n') {
    fail_here("expected an expression, found a line break");
  } else {
    fail_here("expected an expression, found '" + std::string(1, c) + "'");
  }
  return parse_postfix(term, begin);
}

ExprPtr Parser::parse_number() {
  std::size_t begin = i_;
  auto digits = [&] {
    std::size_t d = i_;
    while (peek() >= '0' && peek() <= '9') ++i_;
    return i_ > d;
  };
  digits();
  if (peek() == '.' && peek(1) >= '0' && peek(1) <= '9') {
    ++i_;
    digits();
  }
  if (peek() == 'e' || peek() == 'E') {
    std::size_t save = i_++;
    if (peek() == '+' || peek() == '-') ++i_;
    if (!digits()) i_ = save;
  }
  std::string literal(text_.substr(begin, i_ - begin));
  double n = std::strtod(literal.c_str(), nullptr);
  if (!std::isfinite(n)) fail("number out of range: " + literal, begin);
  auto e = node(ExprKind::literal, range(begin, i_));
  e->value = Value::from_number(n, e->where);
  return e;
}

ExprPtr Parser::parse_word() {
  std::size_t begin = i_;
  std::string name = identifier();
  while (looking_at("::") && is_id_start(peek(2))) {  // provider::aws::arn_parse
    i_ += 2;
    name += "::" + identifier();
  }
  std::size_t after = i_;
  skip_space(false);
  if (peek() == '(') return parse_call(std::move(name), begin);
  i_ = after;
  Range where = range(begin, i_);
  if (name == "true" || name == "false" || name == "null") {
    auto e = node(ExprKind::literal, where);
    e->value = name == "null" ? Value::null_value(where) : Value::from_bool(name == "true", where);
    return e;
  }
  if (name.find("::") != std::string::npos) fail("expected '(' after the function name " + name, i_);
  auto e = node(ExprKind::traversal, where);
  e->root_name = std::move(name);
  return e;
}

ExprPtr Parser::parse_postfix(ExprPtr term, std::size_t begin) {
  std::vector<Step> steps;
  for (;;) {
    std::size_t save = i_;
    skip_ws();
    std::size_t step_begin = i_;
    Step step;
    if (peek() == '.' && peek(1) == '*') {
      i_ += 2;
      step.kind = Step::Kind::splat_attr;
    } else if (peek() == '.' && is_id_start(peek(1))) {
      ++i_;
      step.name = identifier();
    } else if (peek() == '.' && peek(1) >= '0' && peek(1) <= '9') {
      ++i_;
      std::size_t d = i_;
      while (peek() >= '0' && peek() <= '9') ++i_;
      auto index = node(ExprKind::literal, range(d, i_));
      index->value = Value::from_number(std::strtod(std::string(text_.substr(d, i_ - d)).c_str(), nullptr),
                                        index->where);
      step.kind = Step::Kind::index;
      step.index = index;
    } else if (peek() == '[') {
      NewlineMode mode(*this, true);
      ++i_;
      skip_space(true);
      if (peek() == '*') {
        ++i_;
        skip_space(true);
        expect(']', "']' after '[*'");
        step.kind = Step::Kind::splat_full;
      } else {
        step.kind = Step::Kind::index;
        step.index = parse_expr();
        skip_space(true);
        expect(']', "']' to close the index");
      }
    } else {
      i_ = save;
      break;
    }
    step.where = range(step_begin, i_);
    steps.push_back(std::move(step));
  }
  if (steps.empty()) return term;
  std::shared_ptr<Expr> e;
  if (term->kind == ExprKind::traversal && term->steps.empty() && !term->source) {
    e = std::make_shared<Expr>(*term);
  } else {
    e = node(ExprKind::traversal, {});
    e->source = term;
  }
  e->steps = std::move(steps);
  e->where = range(begin, i_);
  return e;
}

ExprPtr Parser::parse_call(std::string name, std::size_t begin) {
  NewlineMode mode(*this, true);
  auto e = node(ExprKind::call, {});
  e->name = std::move(name);
  expect('(', "'('");
  skip_space(true);
  while (peek() != ')') {
    if (e->expand_final) fail_here("'...' may only follow the last argument");
    e->items.push_back(parse_expr());
    skip_space(true);
    if (looking_at("...")) {
      i_ += 3;
      e->expand_final = true;
      skip_space(true);
    }
    if (peek() == ',') {
      ++i_;
      skip_space(true);
    } else if (peek() != ')') {
      expect(')', "',' or ')' in the arguments of " + e->name);
    }
  }
  ++i_;
  e->where = range(begin, i_);
  return e;
}

// `for` starts a for-expression when a name follows it.
static bool for_keyword(std::string_view rest) {
  return rest.size() > 4 && rest.substr(0, 3) == "for" && is_space(rest[3]);
}

ExprPtr Parser::parse_tuple() {
  NewlineMode mode(*this, true);
  std::size_t begin = i_++;
  skip_space(true);
  if (for_keyword(text_.substr(i_, end_ - i_))) return parse_for(false, begin);
  auto e = node(ExprKind::tuple, {});
  while (peek() != ']') {
    e->items.push_back(parse_expr());
    skip_space(true);
    if (peek() == ',') {
      ++i_;
      skip_space(true);
    } else if (peek() != ']') {
      expect(']', "',' or ']' in the tuple");
    }
  }
  ++i_;
  e->where = range(begin, i_);
  return e;
}

ExprPtr Parser::parse_object() {
  NewlineMode mode(*this, false);
  std::size_t begin = i_++;
  skip_space(true);
  if (for_keyword(text_.substr(i_, end_ - i_))) return parse_for(true, begin);
  auto e = node(ExprKind::object, {});
  while (peek() != '}') {
    ObjectItem item;
    std::size_t key_begin = i_;
    item.key = parse_expr();
    if (item.key->kind == ExprKind::traversal && item.key->steps.empty() && !item.key->source) {
      item.key_is_identifier = true;
    } else if (item.key->kind == ExprKind::literal && item.key->value.type == Type::boolean &&
               is_id_start(text_[key_begin])) {
      item.key_is_identifier = true;  // `true = 1`: the key is the word
    } else if (item.key->kind == ExprKind::literal && item.key->value.type == Type::null) {
      item.key_is_identifier = true;
    }
    if (item.key_is_identifier) {
      auto key = node(ExprKind::literal, item.key->where);
      key->value = Value::from_string(std::string(text_.substr(key_begin, i_ - key_begin)), key->where);
      item.key = key;
    }
    skip_space(false);
    if ((peek() == '=' && peek(1) != '=' && peek(1) != '>') || peek() == ':') {
      ++i_;
    } else {
      fail_here("expected '=' or ':' after the object key");
    }
    skip_space(true);
    item.value = parse_expr();
    e->object_items.push_back(std::move(item));
    skip_space(false);
    if (peek() == ',' || peek() == '\n') {
      ++i_;
      skip_space(true);
    } else if (peek() != '}') {
      expect('}', "',', a line break or '}' after the object item");
    }
  }
  ++i_;
  e->where = range(begin, i_);
  return e;
}

ExprPtr Parser::parse_for(bool object, std::size_t begin) {
  NewlineMode mode(*this, true);
  auto e = node(object ? ExprKind::for_object : ExprKind::for_tuple, {});
  i_ += 3;
  skip_space(true);
  std::string first = identifier();
  if (first.empty()) fail_here("expected a variable name after 'for'");
  skip_space(true);
  if (peek() == ',') {
    ++i_;
    skip_space(true);
    e->key_var = first;
    e->value_var = identifier();
    if (e->value_var.empty()) fail_here("expected a second variable name after ','");
    skip_space(true);
  } else {
    e->value_var = first;
  }
  if (identifier() != "in") fail_here("expected 'in' in the for expression");
  skip_space(true);
  e->collection = parse_expr();
  skip_space(true);
  expect(':', "':' after the collection of the for expression");
  skip_space(true);
  if (object) {
    e->key = parse_expr();
    skip_space(true);
    if (!looking_at("=>")) fail_here("expected '=>' after the key of the for expression");
    i_ += 2;
    skip_space(true);
  }
  e->lhs = parse_expr();
  skip_space(true);
  if (object && looking_at("...")) {
    i_ += 3;
    e->grouping = true;
    skip_space(true);
  }
  if (looking_at("if") && !is_id_char(peek(2))) {
    i_ += 2;
    skip_space(true);
    e->condition = parse_expr();
    skip_space(true);
  }
  expect(object ? '}' : ']', object ? "'}' to close the for expression" : "']' to close the for expression");
  e->where = range(begin, i_);
  return e;
}

ExprPtr Parser::parse_parens() {
  NewlineMode mode(*this, true);
  std::size_t begin = i_++;
  skip_space(true);
  ExprPtr inner = parse_expr();
  skip_space(true);
  expect(')', "')'");
  auto e = node(ExprKind::parens, range(begin, i_));
  e->lhs = inner;
  return e;
}

}  // namespace iw::hcl

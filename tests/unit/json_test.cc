#include "json/json.h"

#include <gtest/gtest.h>

#include "core/source.h"

namespace iw::json {
namespace {

TEST(Json, ParsesNestedValuesWithOffsets) {
  const std::string text = "{\n  \"a\": [1, \"x\\u0041\", true, null],\n  \"b\": {\"c\": -2.5e3}\n}";
  ParseError error;
  auto doc = parse(text, error);
  ASSERT_TRUE(doc) << error.message;
  const Node& root = doc->root();
  EXPECT_EQ(root.kind, Kind::object);
  EXPECT_EQ(root.child_count, 2u);
  const Node* a = doc->member(root, "a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind, Kind::array);
  std::vector<const Node*> items;
  for (const Node& n : doc->children(*a)) items.push_back(&n);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0]->text, "1");
  EXPECT_EQ(items[1]->text, "xA");
  EXPECT_TRUE(items[2]->boolean);
  EXPECT_EQ(items[3]->kind, Kind::null);
  SourceText src("t.json", text);
  EXPECT_EQ(src.position(a->key_offset).line, 2);
  EXPECT_EQ(src.position(a->key_offset).column, 3);
  EXPECT_EQ(src.position(items[1]->offset).column, 12);
  const Node* c = doc->member(*doc->member(root, "b"), "c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->text, "-2.5e3");
  EXPECT_EQ(src.position(c->offset).line, 3);
}

TEST(Json, StringsWithoutEscapesAreViewsOfTheSource) {
  const std::string text = R"({"plain": "abc", "e\u0073c": "a\"b\\", "tail": "x\\", "n": 12.50, "": ""})";
  ParseError error;
  auto doc = parse(text, error);
  ASSERT_TRUE(doc) << error.message;
  const auto inside = [&](std::string_view v) { return v.data() >= text.data() && v.data() <= text.data() + text.size(); };
  const Node* plain = doc->member(doc->root(), "plain");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->text, "abc");
  EXPECT_TRUE(inside(plain->text));
  EXPECT_TRUE(inside(plain->key));
  const Node* esc = doc->member(doc->root(), "esc");  // the key had an escape: a copy
  ASSERT_NE(esc, nullptr);
  EXPECT_FALSE(inside(esc->key));
  EXPECT_EQ(esc->text, "a\"b\\");
  EXPECT_FALSE(inside(esc->text));
  EXPECT_EQ(doc->member(doc->root(), "tail")->text, "x\\");
  EXPECT_EQ(doc->member(doc->root(), "n")->text, "12.50");
  EXPECT_TRUE(inside(doc->member(doc->root(), "n")->text));
  EXPECT_EQ(doc->member(doc->root(), "")->text, "");
}

TEST(Json, RecordsWhereEachValueEnds) {
  const std::string text = " {\"a\": [1, \"x}\\\"\" , {\"b\": {}} ], \"c\": true } \n";
  ParseError error;
  auto doc = parse(text, error);
  ASSERT_TRUE(doc) << error.message;
  const auto span = [&](const Node& n) { return text.substr(n.offset, n.end - n.offset); };
  EXPECT_EQ(span(doc->root()), text.substr(1, text.rfind('}')));
  const Node* a = doc->member(doc->root(), "a");
  EXPECT_EQ(span(*a), "[1, \"x}\\\"\" , {\"b\": {}} ]");
  std::vector<std::string> items;
  for (const Node& n : doc->children(*a)) items.push_back(std::string(span(n)));
  EXPECT_EQ(items, (std::vector<std::string>{"1", "\"x}\\\"\"", "{\"b\": {}}"}));
  EXPECT_EQ(span(*doc->member(doc->root(), "c")), "true");
}

TEST(Json, SplitListsGiveTheSpansOfTheirElements) {
  // "Arn" after other members and escaped (\/): its value is recorded unescaped wherever it
  // sits; elements are not read until parsed on their own (the duplicate keys are not seen by
  // the split parse).
  const std::string text = R"({"Users": [{"Name": "a", "Arn": "x\/a", "Deep": {"k": [1]}},
    {"Arn": "x/b", "Name": "b", "Dup": 1, "Dup": 2}, 7 , {"Name": "no-arn", "D": 1, "D": 2}, {"Arn": 5}, [1] ],
    "Other": [{"Arn": "x/a"}], "Top": {"Arn": "x/z"}, "Kept": [{"Arn": "x/k"}]})";
  ParseOptions options;
  options.split = {"Users", "Other"};
  options.select_member = "Arn";
  ParseError error;
  auto doc = parse(text, error, {}, options);
  ASSERT_TRUE(doc) << error.message;
  const Node* users = doc->member(doc->root(), "Users");
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->kind, Kind::array);
  EXPECT_EQ(users->child_count, 0u);
  EXPECT_EQ(text.substr(users->offset, users->end - users->offset).back(), ']');
  std::vector<std::string> spans, selectors;
  for (const Span& e : doc->elements(*users)) {
    spans.push_back(text.substr(e.begin, e.end - e.begin));
    selectors.push_back(e.selector.data() == nullptr ? "-" : std::string(e.selector));
  }
  EXPECT_EQ(spans, (std::vector<std::string>{R"({"Name": "a", "Arn": "x\/a", "Deep": {"k": [1]}})",
                                             R"({"Arn": "x/b", "Name": "b", "Dup": 1, "Dup": 2})", "7",
                                             R"({"Name": "no-arn", "D": 1, "D": 2})", R"({"Arn": 5})", "[1]"}));
  EXPECT_EQ(selectors, (std::vector<std::string>{"x/a", "x/b", "-", "-", "-", "-"}));
  EXPECT_TRUE(doc->duplicate_keys().empty());
  ASSERT_EQ(doc->elements(*doc->member(doc->root(), "Other")).size(), 1u);
  EXPECT_EQ(doc->member(*doc->member(doc->root(), "Top"), "Arn")->text, "x/z");
  const Node* not_split = doc->member(doc->root(), "Kept");
  EXPECT_TRUE(doc->elements(*not_split).empty());
  EXPECT_EQ(doc->member(doc->node(not_split->first_child), "Arn")->text, "x/k");

  // An element parsed on its own with its origin: offsets count from the file's start.
  const Span e = doc->elements(*users)[3];
  ParseOptions at;
  at.origin = e.begin;
  auto element = parse(std::string_view(text).substr(e.begin, e.end - e.begin), error, {}, at);
  ASSERT_TRUE(element) << error.message;
  EXPECT_EQ(element->root().offset, e.begin);
  EXPECT_EQ(element->root().end, e.end);
  const Node* name = element->member(element->root(), "Name");
  EXPECT_EQ(name->key_offset, text.find("\"Name\": \"no-arn\""));
  EXPECT_EQ(name->offset, text.find("\"no-arn\""));
  EXPECT_EQ(name->text, "no-arn");
  ASSERT_EQ(element->duplicate_keys().size(), 1u);
  EXPECT_EQ(element->duplicate_keys()[0].offset, text.find("\"D\": 2"));
  EXPECT_EQ(element->duplicate_keys()[0].first_offset, text.find("\"D\": 1"));
}

// An error inside an element is found when the element is parsed, at the offset the whole
// document's parse gives it.
TEST(Json, AnElementsErrorIsWhereTheWholeParseFindsIt) {
  for (const std::string bad : {R"({"a" 1})", R"({"a": [1 2]})", R"({"a": tru})", R"({"a": "x\q"})", R"({"a": 1,})",
                                R"([1, 2)"}) {
    const std::string text = "{\"L\": [ {\"ok\": 1},\n  " + bad + " ], \"M\": 2}";
    ParseError whole;
    ASSERT_FALSE(parse(text, whole)) << bad;
    ParseOptions options;
    options.split = {"L"};
    ParseError error;
    auto doc = parse(text, error, {}, options);
    if (!doc) {  // unbalanced: the split parse already refuses it
      EXPECT_EQ(error.offset, whole.offset) << bad;
      continue;
    }
    const auto elements = doc->elements(*doc->member(doc->root(), "L"));
    ASSERT_EQ(elements.size(), 2u) << bad;
    ParseOptions at;
    at.origin = elements[1].begin;
    ParseError in_element;
    EXPECT_FALSE(parse(std::string_view(text).substr(elements[1].begin, elements[1].end - elements[1].begin),
                       in_element, {}, at))
        << bad;
    EXPECT_EQ(in_element.offset, whole.offset) << bad << ": " << in_element.message << " / " << whole.message;
  }
}

TEST(Json, ReportsDuplicateKeys) {
  const std::string text = R"({"Effect": "Allow", "Effect": "Deny"})";
  ParseError error;
  auto doc = parse(text, error);
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->duplicate_keys().size(), 1u);
  EXPECT_EQ(doc->duplicate_keys()[0].key, "Effect");
  EXPECT_EQ(doc->duplicate_keys()[0].offset, 20u);
  EXPECT_EQ(doc->duplicate_keys()[0].first_offset, 1u);
}

// 100,000 distinct keys in one object, then a repeat of the first far after it, then a third
// occurrence: every repeat is reported once, against the first occurrence, in document order.
// (Built in linear time: a quadratic duplicate check took seconds here.)
TEST(Json, ManyKeysInOneObject) {
  std::string text = "{";
  std::vector<std::uint32_t> offsets;
  for (int i = 0; i < 100000; ++i) {
    offsets.push_back(static_cast<std::uint32_t>(text.size()));
    text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  }
  const auto repeat_at = static_cast<std::uint32_t>(text.size());
  text += "\"k0\": 1, \"k99999\": 2, ";
  const auto third_at = static_cast<std::uint32_t>(text.size());
  text += "\"k0\": 3}";
  ParseError error;
  auto doc = parse(text, error);
  ASSERT_TRUE(doc) << error.message;
  EXPECT_EQ(doc->root().child_count, 100003u);
  const auto& dups = doc->duplicate_keys();
  ASSERT_EQ(dups.size(), 3u);
  EXPECT_EQ(dups[0].key, "k0");
  EXPECT_EQ(dups[0].offset, repeat_at);
  EXPECT_EQ(dups[0].first_offset, offsets[0]);
  EXPECT_EQ(dups[1].key, "k99999");
  EXPECT_EQ(dups[1].first_offset, offsets[99999]);
  EXPECT_EQ(dups[2].key, "k0");
  EXPECT_EQ(dups[2].offset, third_at);
  EXPECT_EQ(dups[2].first_offset, offsets[0]);
  EXPECT_EQ(doc->member(doc->root(), "k54321")->text, "54321");
}

// Keys equal only after unescaping are duplicates; objects do not share their keys.
TEST(Json, DuplicatesAreScopedToTheirObjectAndCompareUnescaped) {
  const std::string text = R"({"a": {"x": 1, "y": 2}, "b": {"y": 1, "\u0079": 2}})";
  ParseError error;
  auto doc = parse(text, error);
  ASSERT_TRUE(doc) << error.message;
  ASSERT_EQ(doc->duplicate_keys().size(), 1u);
  EXPECT_EQ(doc->duplicate_keys()[0].key, "y");
  EXPECT_EQ(doc->duplicate_keys()[0].first_offset, text.find(R"({"y")") + 1);
  EXPECT_EQ(doc->duplicate_keys()[0].offset, text.find(R"("\u0079")"));
}

struct BadCase {
  const char* text;
  int line;
  int column;
};

class JsonErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(JsonErrors, LocatesTheError) {
  const BadCase& c = GetParam();
  ParseError error;
  auto doc = parse(c.text, error);
  ASSERT_FALSE(doc) << c.text;
  EXPECT_FALSE(error.message.empty());
  SourceText src("t", c.text);
  const LineColumn at = src.position(error.offset);
  EXPECT_EQ(at.line, c.line) << c.text << ": " << error.message;
  if (c.column) {
    EXPECT_EQ(at.column, c.column) << c.text << ": " << error.message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JsonErrors,
    ::testing::Values(BadCase{"{\n  \"a\": tru\n}", 2, 8}, BadCase{"{\"a\": \"b}", 1, 7},
                      BadCase{"", 1, 1}, BadCase{"{\"a\": 1} x", 1, 0},
                      BadCase{"\xEF\xBB\xBF{}", 1, 1}, BadCase{"{\"a\": \"\xC3\x28\"}", 1, 8},
                      BadCase{"{\n  \"k\": \"a\\\"b\tc\"\n}", 2, 13}, BadCase{"[\"x\",\n \"y\nz\"]", 2, 4}));

TEST(Json, NamesAControlCharacterInAString) {
  ParseError error;
  EXPECT_FALSE(parse("{\"Action\": \"s3:Get\tObject\"}", error));
  EXPECT_EQ(error.offset, 18u);
  EXPECT_NE(error.message.find("control character"), std::string::npos) << error.message;
}

TEST(Json, EnforcesDepthLimit) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  ParseError error;
  EXPECT_FALSE(parse(deep, error));
  EXPECT_NE(error.message.find("nesting"), std::string::npos) << error.message;
  Limits small;
  small.max_bytes = 4;
  EXPECT_FALSE(parse("[1,2,3]", error, small));
}

}  // namespace
}  // namespace iw::json

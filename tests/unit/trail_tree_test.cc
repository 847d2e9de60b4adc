// The lean event tree (trail/tree.h) against the located JSON parser (json/json.h): on random
// documents — keys and strings of every length, with and without escapes at every position, so
// that the closing quote falls everywhere in an 8-byte word — both accept the same texts and
// build the same values (kinds, keys, unescaped strings, numbers as written, booleans). Also the
// file buffer the events are read from (TextBuffer): growing keeps the bytes, padding follows.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>

#include "json/json.h"
#include "trail/events.h"
#include "trail/tree.h"

namespace iw::trail {
namespace {

class RandomJson {
 public:
  explicit RandomJson(unsigned seed) : rng_(seed) {}

  std::string document() {
    std::string out;
    value(out, 0);
    return out;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  void string(std::string& out) {
    static constexpr const char* kChars[] = {"a", "b", "c", "X", "Y", "Z", "0", "1", "9", " ", "-", "_", ":", "/", "é"};
    static constexpr const char* kEscapes[] = {"\\\"", "\\\\", "\\n", "\\t", "\\u00e9", "\\/", "\\ud83d\\ude00"};
    out += '"';
    const int length = pick(3) == 0 ? pick(40) : pick(12);
    const bool escaped = pick(3) == 0;
    const int escape_at = escaped ? pick(length + 1) : -1;
    for (int i = 0; i <= length; ++i) {
      if (i == escape_at) out += kEscapes[pick(7)];
      if (i < length) out += kChars[pick(15)];
    }
    out += '"';
  }

  // Integers of every size (the DOM's int64 and uint64, and beyond), -0, fractions, exponents.
  void number(std::string& out) {
    static constexpr const char* kEdges[] = {"-0", "0", "-9223372036854775808", "9223372036854775807",
                                             "18446744073709551615", "18446744073709551616", "-9223372036854775809",
                                             "1e2", "-0.0", "0.5", "123456789012345678901234567890"};
    switch (pick(4)) {
      case 0: out += kEdges[pick(11)]; break;
      case 1: out += std::to_string(pick(100000) - 500) + ".25e1"; break;
      default: out += std::to_string(pick(100000) - 500); break;
    }
  }

  void value(std::string& out, int depth) {
    const int kind = depth >= 4 ? 2 + pick(4) : pick(6);
    switch (kind) {
      case 0:
      case 1: {
        const bool object = kind == 0;
        out += object ? '{' : '[';
        const int n = pick(6);
        for (int i = 0; i < n; ++i) {
          if (i > 0) out += pick(2) ? "," : " , ";
          if (object) {
            string(out);
            out += pick(2) ? ":" : " : ";
          }
          value(out, depth + 1);
        }
        out += object ? '}' : ']';
        break;
      }
      case 2: string(out); break;
      case 3: number(out); break;
      case 4: out += pick(2) ? "true" : "false"; break;
      default: out += "null"; break;
    }
  }

  std::mt19937 rng_;
};

void expect_same(const Tree& tree, const TreeNode& t, const json::Document& doc, const json::Node& j, const std::string& text) {
  ASSERT_EQ(t.kind, j.kind) << text;
  EXPECT_EQ(t.key, j.key) << text;
  switch (j.kind) {
    case json::Kind::string:
    case json::Kind::number: EXPECT_EQ(t.text, j.text) << text; break;
    case json::Kind::boolean: EXPECT_EQ(t.boolean, j.boolean) << text; break;
    case json::Kind::array:
    case json::Kind::object: {
      auto a = tree.children(t).begin();
      std::uint32_t count = 0;
      for (const json::Node& c : doc.children(j)) {
        ASSERT_TRUE(a != tree.children(t).end()) << text;
        expect_same(tree, *a, doc, c, text);
        ++a;
        ++count;
      }
      EXPECT_FALSE(a != tree.children(t).end()) << text;
      EXPECT_EQ(count, j.child_count) << text;
      break;
    }
    case json::Kind::null: break;
  }
}

TEST(TrailTree, BuildsWhatTheLocatedParserBuilds) {
  TreeParser parser;
  Tree tree;
  for (unsigned seed = 0; seed < 3000; ++seed) {
    const std::string text = RandomJson(seed).document();
    std::string padded = text;
    padded.append(json::kPadding, '\0');
    json::ParseError tree_error, json_error;
    const bool ok = parser.parse(std::string_view(padded.data(), text.size()), {}, tree, tree_error);
    const std::unique_ptr<json::Document> doc = json::parse(text, json_error);
    ASSERT_EQ(ok, doc != nullptr) << text;
    ASSERT_TRUE(ok) << text << ": " << tree_error.message;
    expect_same(tree, tree.root(), *doc, doc->root(), text);
  }
}

// Texts a byte away from valid ones: both readers accept the same, and build the same.
TEST(TrailTree, AgreesWithTheLocatedParserOnDamagedTexts) {
  TreeParser parser;
  Tree tree;
  std::mt19937 rng(7);
  static constexpr char kBytes[] = {'"', '\\', '{', '}', '[', ']', ',', ':', '-', '0', 'e', '.', ' ', 'n', 't', '\x01', '\xff'};
  int accepted = 0;
  for (unsigned seed = 0; seed < 3000; ++seed) {
    std::string text = RandomJson(seed).document();
    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng);
    text[at] = kBytes[std::uniform_int_distribution<std::size_t>(0, sizeof kBytes - 1)(rng)];
    json::ParseError tree_error, json_error;
    const bool ok = parser.parse_copy(text, {}, tree, tree_error);
    const std::unique_ptr<json::Document> doc = json::parse(text, json_error);
    ASSERT_EQ(ok, doc != nullptr) << text;
    if (!ok) {
      EXPECT_EQ(tree_error.message, json_error.message) << text;
      continue;
    }
    ++accepted;
    expect_same(tree, tree.root(), *doc, doc->root(), text);
  }
  EXPECT_GT(accepted, 100);  // the damage leaves some texts valid: both paths are exercised
}

// A colon or nothing where a comma belongs, after a string the On-Demand build reads in place,
// and a closing brace too many (the DOM refuses these texts, so the On-Demand build decides):
// refused, with json::parse()'s message. Skipping a value that was only looked at had ended the
// object silently.
TEST(TrailTree, RefusesAMissingCommaAfterAString) {
  TreeParser parser;
  Tree tree;
  for (const char* text : {R"({"Records":[{"eventTime":"2026-01-01T00:00:00Z": "eventName":"CreateUser"}}]})",
                           R"({"Records":[{"eventTime":"2026-01-01T00:00:00Z": "eventName":"CreateUser"}]}})",
                           R"({"Records":[{"eventTime":"2026-01-01T00:00:00Z" "eventName":"CreateUser"}}]})",
                           R"({"a":"x": "b":"y"}})", R"({"a":"x": "b":"y"})", R"(["x": "y"]])", R"(["x" "y"])",
                           R"({"a":"x": 1}})"}) {
    json::ParseError tree_error, json_error;
    EXPECT_FALSE(parser.parse_copy(text, {}, tree, tree_error)) << text;
    EXPECT_EQ(json::parse(text, json_error), nullptr) << text;
    EXPECT_EQ(tree_error.message, json_error.message) << text;
  }
}

// A file is read by the fast reader unless a number's text must be kept as written; the text of
// every number is the same either way, also when "-0" only appears inside strings.
TEST(TrailTree, KeepsNumbersAsWritten) {
  TreeParser parser;
  Tree tree;
  for (const char* text : {"[-0]", "{\"a\": -0}", "[0, \"x: -0\", -0]", "[0, \"a-0\", \"b,-0\"]", "-0", "0",
                           "[18446744073709551615, -9223372036854775808, 1E2, 2.50]"}) {
    json::ParseError tree_error, json_error;
    ASSERT_TRUE(parser.parse_copy(text, {}, tree, tree_error)) << text;
    const std::unique_ptr<json::Document> doc = json::parse(text, json_error);
    ASSERT_NE(doc, nullptr) << text;
    expect_same(tree, tree.root(), *doc, doc->root(), text);
  }
}

// parse_each() hands the elements of the first "Records" array one at a time, each built as
// parse() builds it; any other text it builds whole, as parse() does.
TEST(TrailTree, ParseEachHandsEveryRecordAsParseBuildsIt) {
  TreeParser parser;
  Tree tree;
  for (unsigned seed = 0; seed < 500; ++seed) {
    std::string records;
    const int n = static_cast<int>(seed % 5);
    for (int i = 0; i < n; ++i) records += (i ? "," : "") + RandomJson(seed * 7 + i).document();
    const std::string text = "{\"x\": 1, \"Records\": [" + records + "], \"Records\": [0]}";
    std::string padded = text;
    padded.append(json::kPadding, '\0');
    json::ParseError error, json_error;
    const std::unique_ptr<json::Document> doc = json::parse(text, json_error);
    ASSERT_NE(doc, nullptr) << text;
    std::vector<const json::Node*> expected;
    for (const json::Node& r : doc->children(*doc->member(doc->root(), "Records"))) expected.push_back(&r);
    std::size_t seen = 0;
    bool each = false;
    ASSERT_TRUE(parser.parse_each(std::string_view(padded.data(), text.size()), "Records", {}, tree, error,
                                  [&](const Tree& record) {
                                    ASSERT_LT(seen, expected.size());
                                    expect_same(record, record.root(), *doc, *expected[seen++], text);
                                  },
                                  each))
        << text;
    if (each) {
      EXPECT_EQ(seen, expected.size()) << text;
    } else {  // a number whose text must be kept: built whole
      EXPECT_EQ(seen, 0u) << text;
      expect_same(tree, tree.root(), *doc, doc->root(), text);
    }
  }
  bool each = true;
  json::ParseError error;
  for (const char* text : {"[{\"Records\": []}]", "{\"Records\": {}}", "{\"records\": []}", "{\"Records\": [1.5]}"}) {
    std::string padded = text;
    padded.append(json::kPadding, '\0');
    ASSERT_TRUE(parser.parse_each(std::string_view(padded.data(), std::strlen(text)), "Records", {}, tree, error,
                                  [](const Tree&) { FAIL() << "no element expected"; }, each));
    EXPECT_FALSE(each) << text;
    EXPECT_NE(tree.root().kind, json::Kind::null) << text;
  }
  std::string broken = "{\"Records\": [}";
  broken.append(json::kPadding, '\0');
  EXPECT_FALSE(parser.parse_each(std::string_view(broken.data(), 14), "Records", {}, tree, error, [](const Tree&) {}, each));
  EXPECT_FALSE(each);
}

TEST(TrailTree, RejectsWhatTheLocatedParserRejects) {
  TreeParser parser;
  Tree tree;
  for (const char* text : {"{\"a\": \"b}", "{\"a\\q\": 1}", "[\"\\x\"]", "{\"a\": 1,}", "[1 2]", "\"\x01\"", "{\"k\": \"v\"} x"}) {
    json::ParseError tree_error, json_error;
    EXPECT_FALSE(parser.parse_copy(text, {}, tree, tree_error)) << text;
    EXPECT_EQ(json::parse(text, json_error), nullptr) << text;
    EXPECT_EQ(tree_error.message, json_error.message) << text;
  }
}

TEST(TrailTree, TextBufferKeepsItsBytesAndPadding) {
  TextBuffer b;
  EXPECT_EQ(b.size(), 0u);
  std::string expected;
  for (int round = 0; round < 12; ++round) {
    const std::size_t at = b.size();
    b.resize(at + (std::size_t{1} << round));
    for (std::size_t i = at; i < b.size(); ++i) b.data()[i] = static_cast<char>('a' + i % 26);
    expected.resize(b.size());
    for (std::size_t i = at; i < expected.size(); ++i) expected[i] = static_cast<char>('a' + i % 26);
    ASSERT_EQ(b.view(), expected);
    for (std::size_t i = 0; i < json::kPadding; ++i) ASSERT_EQ(b.data()[b.size() + i], '\0');
  }
  b.resize(5);
  EXPECT_EQ(b.view(), expected.substr(0, 5));
  EXPECT_EQ(b.data()[5], '\0');
  b.clear();
  EXPECT_EQ(b.size(), 0u);
  EXPECT_EQ(b.data()[0], '\0');
}

}  // namespace
}  // namespace iw::trail

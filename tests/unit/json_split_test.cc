// ParseOptions::split in pieces (json/split.h) against one index of the whole text: on random
// snapshot-shaped documents, valid and damaged, the pieces give the same Document or leave the
// text to the usual parse, except for an element that is not valid JSON inside.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "json/json.h"
#include "json/split.h"

namespace iw::json {
namespace {

// Everything a split Document holds, as text: every node from the root, the duplicate keys, the
// elements of every split array with their selectors.
std::string describe(const Document& doc) {
  std::string out;
  const auto node = [&](const auto& self, const Node& n, int depth) -> void {
    out += std::string(depth, ' ') + std::string(to_string(n.kind)) + " " + std::to_string(n.offset) + "-" +
           std::to_string(n.end) + " key[" + std::string(n.key) + "]@" + std::to_string(n.key_offset) + " text[" +
           std::string(n.text) + "] " + (n.boolean ? "T" : "F") + " " + std::to_string(n.child_count) + "\n";
    for (const Span& e : doc.elements(n)) {
      out += std::string(depth + 1, ' ') + "span " + std::to_string(e.begin) + "-" + std::to_string(e.end) + " " +
             (e.selector.data() == nullptr ? "(none)" : "[" + std::string(e.selector) + "]") + "\n";
    }
    for (const Node& c : doc.children(n)) self(self, c, depth + 1);
  };
  node(node, doc.root(), 0);
  for (const DuplicateKey& d : doc.duplicate_keys()) {
    out += "duplicate " + d.key + " " + std::to_string(d.offset) + " " + std::to_string(d.first_offset) + "\n";
  }
  return out;
}

// A snapshot-shaped document: a root object of split lists of objects (with or without an
// Arn, Arn values of every kind), other root members, strings full of commas, quotes, brackets
// and escapes, minified or spread over lines.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string document() {
    spaced_ = pick(3) == 0;
    std::string out = "{";
    std::vector<std::string> keys = {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies",
                                     "IsTruncated",    "Marker",          "Other"};
    std::shuffle(keys.begin(), keys.end(), rng_);
    keys.resize(1 + pick(5));
    if (pick(10) == 0) keys.push_back(keys.front());  // a repeated root key
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) out += "," + space();
      const std::string& key = keys[i];
      out += "\"" + key + "\":" + space();
      if (key == "IsTruncated") {
        out += pick(2) ? "false" : (pick(2) ? "true" : "null");
      } else if (key == "Marker") {
        out += pick(8) ? "\"m,{x}\"" : "12";
      } else if (key == "Other") {
        out += pick(3) ? "\"plain, {text}\"" : value(2);
      } else {
        out += list();
      }
    }
    return out + space() + "}" + (pick(2) ? "\n" : "");
  }

  // 1 to 3 random edits of single bytes.
  std::string damage(std::string text) {
    static const std::string kBytes = "{}[],:\"\\ a1\n\x01\xC3\xFF";
    const int edits = 1 + pick(3);
    for (int i = 0; i < edits && !text.empty(); ++i) {
      const std::size_t at = pick(static_cast<int>(text.size()));
      const char b = kBytes[pick(static_cast<int>(kBytes.size()))];
      switch (pick(3)) {
        case 0: text.erase(at, 1); break;
        case 1: text.insert(at, 1, b); break;
        default: text[at] = b;
      }
    }
    return text;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string space() { return spaced_ ? (pick(2) ? "\n    " : " ") : ""; }

  std::string string() {
    static const char* kParts[] = {"a", ",", "}", "]", "{", "[", "\\\"", "\\\\", "\\u00e9", "é", ":", " ", "x,y", "\\/"};
    std::string s = "\"";
    const int parts = pick(12);
    for (int i = 0; i < parts; ++i) s += kParts[pick(14)];
    return s + "\"";
  }

  std::string value(int depth) {
    switch (depth > 0 ? pick(7) : pick(4)) {
      case 0: return string();
      case 1: return std::to_string(pick(1000));
      case 2: return pick(2) ? "true" : "null";
      case 3: return string();
      case 4: {
        std::string out = "[";
        const int n = pick(4);
        for (int i = 0; i < n; ++i) out += (i ? "," + space() : "") + value(depth - 1);
        return out + "]";
      }
      default: return object(depth - 1, false);
    }
  }

  std::string object(int depth, bool element) {
    std::string out = "{" + space();
    const int fields = pick(6);
    for (int i = 0; i < fields; ++i) {
      if (i > 0) out += "," + space();
      const int kind = element ? pick(4) : 3;
      if (kind == 0) {  // the Arn, as a plain string mostly
        static const char* kArns[] = {"\"arn:aws:iam::1:user/a\"", "\"arn:aws:iam::1:role/r,x\"",
                                      "\"arn:aws:iam::1:policy/p\"", "\"a\\/b\"", "5", "{\"Arn\":\"x\"}", "[\"y\"]",
                                      "null"};
        out += "\"Arn\":" + space() + kArns[pick(pick(4) ? 3 : 8)];
      } else {
        static const char* kNames[] = {"Name", "Path", "Doc", "Ar", "Arnx", "Tags", "A\\u0072n"};
        out += "\"" + std::string(kNames[pick(7)]) + "\":" + space() + value(depth);
      }
    }
    return out + space() + "}";
  }

  std::string list() {
    std::string out = "[";
    const int n = pick(12);
    for (int i = 0; i < n; ++i) {
      out += (i ? "," + space() : space()) + (pick(100) == 0 ? value(1) : object(3, true));
    }
    return out + space() + "]";
  }

  std::mt19937 rng_;
  bool spaced_ = false;
};

// The lists of authorization-details.json, each element's Arn recorded (as a question's load
// reads them) or not (as a whole load does).
ParseOptions split_options(std::size_t piece, bool select = true) {
  ParseOptions options;
  options.split = {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"};
  options.select_member = select ? "Arn" : "";
  options.split_piece = piece;
  return options;
}

// detail::chunked_split on a padded copy of `text`; with `halves`, in two halves, the first
// waiting for the second's guess (`joined`: whether the second half's walk was taken).
std::unique_ptr<Document> in_pieces(const std::string& text, std::size_t piece, bool select = true,
                                    bool halves = false, bool* joined = nullptr) {
  const std::string padded = text + std::string(kPadding, ' ');
  ParseOptions options = split_options(piece, select);
  if (halves) options.split_halves_from = 0;
  detail::Halves result{.wait_for_guess = true};
  auto doc = detail::chunked_split(text, padded.data(), {}, options, &result);
  if (joined != nullptr) *joined = result.joined;
  return doc;
}

std::string parsed(const std::string& text, std::size_t piece, bool select = true) {
  ParseError error;
  const auto doc = parse(text, error, {}, split_options(piece, select));
  return doc ? describe(*doc) : "error at " + std::to_string(error.offset) + ": " + error.message;
}

// Whether some element of a split Document, parsed on its own, is not valid JSON.
bool an_element_is_refused(const std::string& text, const Document& doc) {
  for (const Node& member : doc.children(doc.root())) {
    for (const Span& e : doc.elements(member)) {
      ParseError error;
      if (!parse(std::string_view(text).substr(e.begin, e.end - e.begin), error)) return true;
    }
  }
  return false;
}

// Whenever the pieces give a Document, it is the one index's, or the text is not valid JSON
// inside one of the elements, which parsing that element on its own reports (the pieces walk
// an element up to its select_member, then count its brackets, as On-Demand skips a value).
// Walked in two halves, the pieces give the same, whether the second half's guess is taken or
// not.
TEST(JsonSplit, PiecesGiveTheDocumentOfOneIndexOrLeaveTheText) {
  int valid = 0, in_one_piece = 0, cut = 0, damaged_accepted = 0, lax = 0, joined = 0, alone = 0;
  for (unsigned seed = 0; seed < 3000; ++seed) {
    Generator generate(seed);
    std::string text = generate.document();
    const bool damaged = seed % 3 == 0;
    if (damaged) text = generate.damage(text);
    const bool select = seed % 4 != 0;
    const std::string whole = parsed(text, 0, select);
    const bool loads = whole.rfind("error at", 0) != 0;
    valid += loads;
    for (const std::size_t piece : {std::size_t{1}, std::size_t{9}, std::size_t{40}, std::size_t{150}, std::size_t{1} << 20}) {
      const auto doc = in_pieces(text, piece, select);
      bool took_second = false;
      const auto halves = in_pieces(text, piece, select, true, &took_second);
      ASSERT_EQ(halves != nullptr, doc != nullptr) << "piece " << piece << ":\n" << text;
      if (halves) {
        ASSERT_EQ(describe(*halves), describe(*doc)) << "piece " << piece << ":\n" << text;
      }
      (took_second ? joined : alone) += 1;
      if (doc && !loads) {  // laxer than one index inside an element only: its own parse refuses it
        ASSERT_TRUE(an_element_is_refused(text, *doc)) << "piece " << piece << ":\n" << text;
        lax += 1;
        continue;
      }
      if (doc) {
        ASSERT_EQ(describe(*doc), whole) << "piece " << piece << ":\n" << text;
        in_one_piece += piece == std::size_t{1} << 20;
        cut += piece < text.size();
        damaged_accepted += damaged;
      }
      ASSERT_EQ(parsed(text, piece, select), whole) << "piece " << piece << ":\n" << text;
    }
  }
  // The pieces do the work, not the fallback: most valid documents are split in pieces.
  EXPECT_GT(valid, 1500);
  EXPECT_GT(in_one_piece, valid / 2) << valid;
  EXPECT_GT(cut, valid / 2) << valid;
  EXPECT_GT(damaged_accepted, 0);
  EXPECT_LT(lax, 300);
  // The second half's guess is often right, and often not.
  EXPECT_GT(joined, valid) << alone;
  EXPECT_GT(alone, valid) << joined;
}

// A damaged file (reduced from a generated one) whose elements' brackets balance while their
// grammar does not: one index refuses it, the pieces count past the inside of its elements and
// accept it, and the element's own parse refuses it.
TEST(JsonSplit, AnElementInvalidInsideIsLeftToItsOwnParse) {
  const std::string text = R"({"":"","d":false,"GroupDetailList":[{"":[{""[""""}}],"":{""""},"":[]},{"Arn":""""""},{"":"","":{""},"":"","":0,"":l,"":{},"":"","":[],"":{""},"":[],"":{""""{["é"}]},"":[{""""}]},{"":3,"":{""""},"":""},{"Arn":"":[["\\"][{""}]]""[""]""""""{""{""""{""""}""""{""""}}}""{""}},{"":{""},"":"","Arn":""{""""}""""{""{""[]""""}}""{""[]""{""{""}}""}""[{""""{""]}]""[[""{""}]]}]})";
  ParseError error;
  EXPECT_FALSE(parse(text, error, {}, split_options(0)));
  const auto doc = in_pieces(text, 1 << 20);
  ASSERT_TRUE(doc);
  EXPECT_TRUE(an_element_is_refused(text, *doc));
  EXPECT_EQ(parsed(text, 1 << 20), describe(*doc));  // what parse() in pieces gives
}

TEST(JsonSplit, APieceCutInsideAStringEndsAtAnEarlierComma) {
  // Every element's Description is all commas: the last comma before a piece's limit is almost
  // always inside a string, and stage 1 tells.
  std::string text = R"({"Policies": [)";
  for (int i = 0; i < 200; ++i) {
    text += (i ? "," : "") + std::string(R"({"Arn": "arn:aws:iam::1:policy/p)") + std::to_string(i) +
            R"(", "Description": ")" + std::string(40, ',') + "\"}";
  }
  text += "]}";
  for (const std::size_t piece : {std::size_t{120}, std::size_t{300}, std::size_t{4096}}) {
    const auto doc = in_pieces(text, piece);
    ASSERT_TRUE(doc) << piece;
    EXPECT_EQ(describe(*doc), parsed(text, 0));
    const auto elements = doc->elements(*doc->member(doc->root(), "Policies"));
    ASSERT_EQ(elements.size(), 200u);
    EXPECT_EQ(elements[199].selector, "arn:aws:iam::1:policy/p199");
  }
  // A piece too small to hold a string and a comma before it: the usual parse.
  EXPECT_FALSE(in_pieces(text, 20));
  EXPECT_EQ(parsed(text, 20), parsed(text, 0));
}

TEST(JsonSplit, WhatThePiecesLeaveToTheUsualParse) {
  for (const std::string text : {
           R"([{"Arn": "a"}])",                                   // a root that is no object
           R"({"Policies": [], "Policies": []})",                 // a repeated root key
           R"({"Polic\u0069es": [{"Arn": "a"}]})",                // an escape in a root key
           R"({"Policies": [{"Arn": "a\/b"}]})",                  // an escape in a selector
           R"({"Policies": [7]})",                                // an element that is no object
           R"({"Policies": [{"Arn": "a"}], "Count": 2})",         // a number at the root
           R"({"Policies": [{"Arn": "a"}], "More": {"x": 1}})",   // an object at the root
           R"({"Policies": [{"Arn": "a"}]} {})",                  // content after the root
           R"({"Policies": [{"Arn": "a"},]})",                    // a trailing comma
       }) {
    EXPECT_FALSE(in_pieces(text, 1 << 20)) << text;
    EXPECT_EQ(parsed(text, 1 << 20), parsed(text, 0)) << text;
  }
}

}  // namespace
}  // namespace iw::json

// check_yaml_terminates (core/yaml_budget.h): texts on which yaml-cpp loops are refused with a
// YAML::ParserException; every well-formed shape, and texts whose errors yaml-cpp reports itself,
// pass the guard (the load that follows decides them); for YAML::Load, only the first document.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "core/yaml_budget.h"

namespace iw {
namespace {

TEST(YamlBudget, RefusesTextsTheParserLoopsOn) {
  for (const char* text : {"!tl,:e [\ntl:e [\n", "a: 1\n---\n!tl,:e [\ntl:e [\n", ",aA"}) {
    EXPECT_THROW(check_yaml_terminates(text, YamlDocuments::all), YamlDoesNotEnd) << text;
    try {
      check_yaml_terminates(text, YamlDocuments::all);
    } catch (const YAML::ParserException& e) {  // what the loaders already catch
      EXPECT_GE(e.mark.line, 0) << text;
    }
  }
}

TEST(YamlBudget, PassesWellFormedAndOrdinarilyBrokenTexts) {
  const std::string many_keys = [] {
    std::string s = "{";
    for (int i = 0; i < 2000; ++i) s += (i ? ",k" : "k") + std::to_string(i);
    return s + "}";
  }();
  const std::string nested = std::string(60, '[') + std::string(60, ']');
  for (const std::string& text :
       {std::string(""), std::string("a"), std::string("{a,b,c}"), std::string("[[],[],{},{}]"), many_keys, nested,
        std::string("a: &x {b: [1, 2]}\nc: *x\n---\n- ? k\n  : v\n- !!str 3\n"), std::string("a: [1, 2\n"),
        std::string("key: [unclosed\n"), std::string("\t- bad indent\n"), std::string("a: b: c\n")}) {
    EXPECT_NO_THROW(check_yaml_terminates(text, YamlDocuments::all)) << text;
  }
}

// YAML::Load reads only the first document, which ends on these texts (the endless documents
// follow it): its guard looks no further, and the load returns.
TEST(YamlBudget, TheFirstDocumentOnlyForLoad) {
  for (const char* text : {"!tl,:e [\ntl:e [\n", "a: 1\n---\n!tl,:e [\ntl:e [\n", ",aA"}) {
    EXPECT_NO_THROW(check_yaml_terminates(text, YamlDocuments::first)) << text;
    try {
      (void)YAML::Load(text);
    } catch (const YAML::Exception&) {  // an ordinary error is fine: the load came to an end
    }
  }
}

}  // namespace
}  // namespace iw

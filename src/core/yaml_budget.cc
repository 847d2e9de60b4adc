#include "core/yaml_budget.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cstddef>
#include <istream>
#include <string>

namespace iw {

namespace {

class Budget final : public YAML::EventHandler {
 public:
  explicit Budget(std::size_t events) : left_(events) {}

  void OnDocumentStart(const YAML::Mark& mark) override { spend(mark); }
  void OnDocumentEnd() override { spend(last_); }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { spend(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { spend(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { spend(mark); }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    spend(mark);
  }
  void OnSequenceEnd() override { spend(last_); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    spend(mark);
  }
  void OnMapEnd() override { spend(last_); }

 private:
  void spend(const YAML::Mark& mark) {
    last_ = mark;
    if (left_-- == 0) {
      throw YamlDoesNotEnd(mark, "the YAML parser does not come to an end on this text (look near here for "
                                 "an unclosed '[' or '{', or a stray ',' or tag)");
    }
  }

  std::size_t left_;
  YAML::Mark last_ = YAML::Mark::null_mark();
};

}  // namespace

void check_yaml_terminates(std::string_view text, YamlDocuments documents) {
  Budget budget(4 * text.size() + 64);
  TextBuffer buffer(text);
  std::istream in(&buffer);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(budget) && documents == YamlDocuments::all) {
    }
  } catch (const YamlDoesNotEnd&) {
    throw;
  } catch (const YAML::Exception&) {
    // the load that follows reports it
  }
}

}  // namespace iw

#include "json/split.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <thread>
#include <tuple>
#include <vector>

#include "json/ondemand.h"

namespace iw::json::detail {

namespace {

// A piece ends just after a comma. When that comma was inside a string, stage 1 finds the
// string unclosed and the piece ends at an earlier comma, this many times at most.
constexpr int kCutTries = 8;

// No position in the text (json::kNone is no node).
constexpr std::size_t kNoPos = std::string_view::npos;

// This thread's stage-1 parser, its index sized for a piece of `bytes`; nullptr when it cannot
// be made. (A piece's index, about one structural character per ten bytes, stays in the caches
// and is reused from piece to piece.)
simdjson::internal::dom_parser_implementation* stage1_parser(std::size_t bytes) {
  thread_local std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
  if (!parser && simdjson::get_active_implementation()->create_dom_parser_implementation(bytes, 1, parser)) {
    parser.reset();
  }
  if (parser && parser->capacity() < bytes && parser->set_capacity(bytes)) parser.reset();
  return parser.get();
}

// What a structural character does to the nesting depth.
constexpr std::array<signed char, 256> kDepthChange = [] {
  std::array<signed char, 256> change{};
  change['{'] = change['['] = 1;
  change['}'] = change[']'] = -1;
  return change;
}();

// The end of the next piece of `text` from `begin`: the whole rest when it fits, else just past
// the last comma before `limit` (kNoPos when there is none).
std::size_t cut(std::string_view text, std::size_t begin, std::size_t limit) {
  if (limit >= text.size()) return text.size();
  const void* comma = limit > begin ? ::memrchr(text.data() + begin, ',', limit - begin) : nullptr;
  return comma == nullptr ? kNoPos : static_cast<const char*>(comma) - text.data() + 1;
}

// Walks the structural characters of the text, in order, piece after piece: the root object's
// members are built as parse() builds them; the elements of split arrays are recorded as spans,
// walked strictly up to their select_member's value (without one, their first member's), then
// only counted to their end (as On-Demand skips a value).
class Walker {
 public:
  using Splits = std::vector<std::pair<std::uint32_t, std::vector<Span>>>;
  Walker(std::string_view text, const char* padded, const ParseOptions& options, std::vector<Node>& nodes,
         Splits& splits)
      : text_(text), padded_(padded), options_(options), nodes_(nodes), splits_(splits) {}

  // A walker of the rest of a split array only, from just after a comma between two of its
  // elements: it records their spans and stops at the array's ']' (tail_close()).
  struct Tail {};
  Walker(Tail, std::string_view text, const char* padded, const ParseOptions& options, std::vector<Node>& nodes,
         Splits& splits)
      : Walker(text, padded, options, nodes, splits) {
    state_ = State::element;
    tail_ = true;
  }

  // `count` structural characters, at `base` + at[i]. False when the text is not what the walk
  // builds.
  bool walk(const std::uint32_t* at, std::size_t count, std::size_t base) {
    const unsigned char* piece = reinterpret_cast<const unsigned char*>(padded_) + base;
    for (std::size_t i = 0; i < count; ++i) {
      if (depth_ > 0) {
        for (; i < count; ++i) {
          depth_ += kDepthChange[piece[at[i]]];
          if (depth_ == 0) break;
        }
        if (i == count) return true;
        if (!skipped(base + at[i])) return false;
        continue;
      }
      if (!step(base + at[i])) return false;
      if (state_ == State::stopped) return true;
    }
    return true;
  }

  bool done() const { return state_ == State::done; }
  bool stopped() const { return state_ == State::stopped; }
  std::size_t tail_close() const { return tail_close_; }

  // Just after a comma between two elements of a split array.
  bool between_elements() const { return state_ == State::element && depth_ == 0; }

  // Takes the elements that a tail walker found after this walker's position
  // (between_elements()) and closes the array at the tail's ']'.
  bool adopt(const Walker& tail) {
    spans_.insert(spans_.end(), tail.spans_.begin(), tail.spans_.end());
    state_ = State::next_element;
    return step(tail.tail_close_);
  }

 private:
  enum class State : unsigned char {
    root,            // expects the root's '{'
    key_or_end,      // a root key or '}'
    key,             // a root key
    colon,           // the ':' after a root key
    value,           // a root member's value
    next,            // ',' or the root's '}'
    element_or_end,  // a split array's first element or ']'
    element,         // an element
    next_element,    // ',' or ']'
    field_or_end,    // an element's first key or '}'
    field,           // an element's key
    field_colon,     // the ':' after it
    field_value,     // its value
    next_field,      // ',' or the element's '}'
    done,            // past the root
    stopped,         // a tail walker past its array's ']'
  };

  bool step(std::size_t at) {
    const char c = text_[at];
    switch (state_) {
      case State::root:
        if (c != '{') return false;
        add_node(at, Kind::object);
        state_ = State::key_or_end;
        return true;
      case State::key_or_end:
        if (c == '}') return close_root(at);
        [[fallthrough]];
      case State::key: return root_key(at);
      case State::colon: return expect(c, ':', State::value);
      case State::value: return root_value(at);
      case State::next:
        if (c == '}') return close_root(at);
        return expect(c, ',', State::key);
      case State::element_or_end:
        if (c == ']') return close_array(at);
        [[fallthrough]];
      case State::element:
        if (c != '{') return false;
        span_ = {static_cast<std::uint32_t>(at), 0, {}};
        state_ = State::field_or_end;
        return true;
      case State::next_element:
        if (c == ']') return close_array(at);
        return expect(c, ',', State::element);
      case State::field_or_end:
        if (c == '}') return close_element(at);
        [[fallthrough]];
      case State::field:
        if (c != '"') return false;
        // Without a select_member only the first member is walked, then the rest counted.
        selecting_ = options_.select_member.empty() || string_at(at) == options_.select_member;  // (as written)
        state_ = State::field_colon;
        return true;
      case State::field_colon: return expect(c, ':', State::field_value);
      case State::field_value:
        if (c == '}' || c == ']' || c == ',' || c == ':') return false;
        if (selecting_) {  // the first such member: the rest of the element is only counted
          if (!options_.select_member.empty() && c == '"' && (span_.selector = string_at(at)).data() == nullptr) {
            return false;
          }
          return skip_rest(1 + kDepthChange[static_cast<unsigned char>(c)]);
        }
        if (c == '{' || c == '[') {
          depth_ = 1;
          rest_ = false;
          return true;
        }
        state_ = State::next_field;
        return true;
      case State::next_field:
        if (c == '}') return close_element(at);
        return expect(c, ',', State::field);
      case State::done: return false;  // content after the root
      case State::stopped: return true;
    }
    return false;
  }

  bool expect(char c, char wanted, State then) {
    if (c != wanted) return false;
    state_ = then;
    return true;
  }

  // A string without escapes at `quote`, viewed in the text; a null view for one with an escape.
  std::string_view string_at(std::size_t quote) const {
    const std::string_view s = string_in_place(padded_ + quote);
    return s.data() == nullptr ? s : text_.substr(quote + 1, s.size());
  }

  bool root_key(std::size_t at) {
    if (text_[at] != '"') return false;
    key_ = string_at(at);
    if (key_.data() == nullptr || std::find(keys_.begin(), keys_.end(), key_) != keys_.end()) return false;
    keys_.push_back(key_);
    key_offset_ = static_cast<std::uint32_t>(at);
    state_ = State::colon;
    return true;
  }

  // A split array, a string without escapes, or true, false, null; else false.
  bool root_value(std::size_t at) {
    const char c = text_[at];
    state_ = State::next;
    if (c == '[' && std::find(options_.split.begin(), options_.split.end(), key_) != options_.split.end()) {
      array_ = add_member(at, Kind::array);
      state_ = State::element_or_end;
      return true;
    }
    if (c == '"') {
      const std::string_view s = string_at(at);
      if (s.data() == nullptr) return false;
      Node& n = nodes_[add_member(at, Kind::string)];
      n.text = s;
      n.end = static_cast<std::uint32_t>(at + s.size() + 2);
      return true;
    }
    for (const auto& [word, kind, value] : {std::tuple{"true", Kind::boolean, true},
                                             std::tuple{"false", Kind::boolean, false},
                                             std::tuple{"null", Kind::null, false}}) {
      const std::size_t size = std::strlen(word);
      if (text_.substr(at, size) != word || !ends_atom(at + size)) continue;
      Node& n = nodes_[add_member(at, kind)];
      n.boolean = value;
      n.end = static_cast<std::uint32_t>(at + size);
      return true;
    }
    return false;
  }

  bool ends_atom(std::size_t at) const {
    if (at >= text_.size()) return false;
    const char c = text_[at];
    return is_space(c) || c == ',' || c == '}';
  }

  bool skip_rest(int depth) {
    depth_ = depth;
    rest_ = true;
    return true;
  }

  // The value being counted ended at `at`: a member's value, or the element.
  bool skipped(std::size_t at) {
    if (!rest_) {
      state_ = State::next_field;
      return true;
    }
    return text_[at] == '}' && close_element(at);
  }

  bool close_element(std::size_t at) {
    span_.end = static_cast<std::uint32_t>(at + 1);
    spans_.push_back(span_);
    state_ = State::next_element;
    return true;
  }

  bool close_array(std::size_t at) {
    if (tail_) {
      tail_close_ = at;
      state_ = State::stopped;
      return true;
    }
    nodes_[array_].end = static_cast<std::uint32_t>(at + 1);
    splits_.emplace_back(nodes_[array_].offset, std::move(spans_));
    spans_ = {};
    state_ = State::next;
    return true;
  }

  bool close_root(std::size_t at) {
    nodes_[0].end = static_cast<std::uint32_t>(at + 1);
    state_ = State::done;
    return true;
  }

  std::uint32_t add_node(std::size_t at, Kind kind) {
    Node& n = nodes_.emplace_back();
    n.offset = static_cast<std::uint32_t>(at);
    n.kind = kind;
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  std::uint32_t add_member(std::size_t at, Kind kind) {
    const std::uint32_t index = add_node(at, kind);
    nodes_[index].key = key_;
    nodes_[index].key_offset = key_offset_;
    Node& root = nodes_[0];
    if (last_ == kNone) {
      root.first_child = index;
    } else {
      nodes_[last_].next_sibling = index;
    }
    last_ = index;
    ++root.child_count;
    return index;
  }

  std::string_view text_;
  const char* padded_;  // the same bytes, followed by kPadding readable ones
  const ParseOptions& options_;
  std::vector<Node>& nodes_;
  Splits& splits_;
  State state_ = State::root;
  std::int64_t depth_ = 0;  // > 0: counting the brackets of a value to its end
  bool rest_ = false;       // the value counted is the rest of an element
  bool selecting_ = false;  // the current field is the element's select_member
  bool tail_ = false;       // a tail walker (Tail)
  std::size_t tail_close_ = 0;  // a stopped tail walker's ']'
  std::vector<std::string_view> keys_;  // the root's
  std::string_view key_;
  std::uint32_t key_offset_ = 0;
  std::uint32_t last_ = kNone;   // the root's last member
  std::uint32_t array_ = kNone;  // the split array being walked
  std::vector<Span> spans_;      // its elements so far
  Span span_;                    // the element being walked
};

// Stage 1 over the next piece of the text from `begin`, which ends just after a comma before
// `limit` (or at the text's end) and earlier while it ends inside a string. Returns the piece's
// end, or kNoPos when no piece can be indexed.
std::size_t index_piece(simdjson::internal::dom_parser_implementation& parser, std::string_view text,
                        const std::uint8_t* bytes, std::size_t begin, std::size_t limit) {
  std::size_t end = cut(text, begin, limit);
  for (int tries = 0; tries < kCutTries && end != kNoPos; ++tries) {
    const simdjson::error_code error = parser.stage1(bytes + begin, end - begin, simdjson::stage1_mode::regular);
    if (error == simdjson::SUCCESS) return end;
    if (error != simdjson::UNCLOSED_STRING || end == text.size()) return kNoPos;
    end = cut(text, begin, end - 1);
  }
  return kNoPos;
}

// Walks the piece that `parser` indexed last, which starts at `begin`.
bool walk_piece(Walker& walker, const simdjson::internal::dom_parser_implementation& parser, std::size_t begin) {
  return walker.walk(parser.structural_indexes.get(), parser.n_structural_indexes, begin);
}

// Just after a comma between what look like two objects of an array ("},{", spaces allowed),
// at or after `from` and within a mebibyte of it; kNoPos when there is none. A guess: it may be
// inside a string, or between two objects of an array inside an element.
std::size_t boundary_near(std::string_view text, std::size_t from) {
  const std::size_t stop = std::min(text.size(), from + (1u << 20));
  const auto before = [&](std::size_t at) {  // the last byte before `at` that is not a space
    while (at > 0 && is_space(text[at - 1])) --at;
    return at > 0 ? text[at - 1] : '\0';
  };
  const auto after = [&](std::size_t at) {  // the first byte from `at` that is not a space
    while (at < text.size() && is_space(text[at])) ++at;
    return at < text.size() ? text[at] : '\0';
  };
  for (std::size_t at = from; at < stop; ++at) {
    const void* comma = std::memchr(text.data() + at, ',', stop - at);
    if (comma == nullptr) break;
    at = static_cast<const char*>(comma) - text.data();
    if (before(at) == '}' && after(at + 1) == '{') return at + 1;
  }
  return kNoPos;
}

// The second half of a large text, walked on a thread of its own while the first half is
// walked on the calling one: from a guessed boundary between two elements of a split array
// near the middle (boundary_near) to that array's end. The guess is published (start()) once
// the walk from it has gone on for a mebibyte (a sixteenth of a smaller text) — an array of
// objects inside an element ends sooner, and then the next guess after it is tried. Only the
// first half's walker can tell whether the guess is right: it is when that walker arrives at
// start() between two elements.
class SecondHalf {
 public:
  SecondHalf(std::string_view text, const char* padded, const ParseOptions& options, std::size_t piece)
      : text_(text),
        padded_(padded),
        options_(options),
        piece_(piece),
        sure_(std::min<std::size_t>(1u << 20, text.size() / 16)) {
    thread_ = std::jthread([this](const std::stop_token& stop) {
      try {
        walked_ = walk(stop);
      } catch (...) {  // (out of memory: the first half walks on alone)
      }
      if (!walked_) publish(kNoPos);
    });
  }

  // The published guess (kNoPos: none yet, or none at all).
  std::size_t start() const {
    const std::size_t at = start_.load(std::memory_order_acquire);
    return at == kUndecided ? kNoPos : at;
  }

  // Returns once a guess is published or given up.
  void wait_for_guess() const {
    for (std::size_t at; (at = start_.load(std::memory_order_acquire)) == kUndecided;) start_.wait(at);
  }

  // Once the first half's walker is at start() between two elements: the tail walker that
  // walked from there to the array's end, or nullptr.
  const Walker* result() {
    thread_.join();
    return walked_ ? &*walker_ : nullptr;
  }

 private:
  static constexpr std::size_t kUndecided = kNoPos - 1;
  static constexpr int kGuesses = 64;

  // Guesses and walks until a walk from a published guess ends at its array's ']' (true) or
  // fails (false); false when no guess holds for long enough.
  bool walk(const std::stop_token& stop) {
    simdjson::internal::dom_parser_implementation* parser = stage1_parser(piece_);
    if (parser == nullptr) return false;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(padded_);
    std::size_t from = text_.size() / 2;
    for (int guess = 0; guess < kGuesses && !stop.stop_requested(); ++guess) {
      const std::size_t start = boundary_near(text_, from);
      if (start == kNoPos) return false;
      walker_.emplace(Walker::Tail{}, text_, padded_, options_, unused_nodes_, unused_splits_);
      bool closed = false;
      for (std::size_t begin = start; begin < text_.size() && !stop.stop_requested();) {
        const std::size_t end = index_piece(*parser, text_, bytes, begin, begin + piece_);
        if (end == kNoPos || !walk_piece(*walker_, *parser, begin)) break;
        if (start_ == kUndecided && end - start >= sure_) publish(start);
        if ((closed = walker_->stopped())) break;
        begin = end;
      }
      if (start_ != kUndecided) return closed;
      from = closed ? walker_->tail_close() + 1 : start;  // past an array inside an element, or the next comma
    }
    return false;
  }

  void publish(std::size_t at) {
    start_.store(at, std::memory_order_release);
    start_.notify_all();
  }

  std::string_view text_;
  const char* padded_;
  const ParseOptions& options_;
  std::size_t piece_;
  std::size_t sure_;  // how far a walk goes before its start is published
  std::atomic<std::size_t> start_{kUndecided};
  std::vector<Node> unused_nodes_;  // (a tail walker adds no node)
  Walker::Splits unused_splits_;
  std::optional<Walker> walker_;
  bool walked_ = false;
  std::jthread thread_;  // last: joined before the rest is destroyed
};

}  // namespace

std::unique_ptr<Document> chunked_split(std::string_view text, const char* padded, const Limits& limits,
                                        const ParseOptions& options, Halves* halves) {
  if (halves != nullptr) halves->joined = false;
  const std::size_t piece = std::min(options.split_piece, text.size());
  simdjson::internal::dom_parser_implementation* parser = stage1_parser(piece);
  if (parser == nullptr || limits.max_depth <= 2) return nullptr;  // (parse() builds the lists then)
  auto doc = std::make_unique<Document>();
  Walker walker(text, padded, options, doc->nodes_, doc->splits_);
  std::optional<SecondHalf> second;
  if (text.size() >= options.split_halves_from) {
    second.emplace(text, padded, options, piece);
    if (halves != nullptr && halves->wait_for_guess) second->wait_for_guess();
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(padded);
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t meet = second ? second->start() : kNoPos;
    std::size_t end = kNoPos;
    if (meet != kNoPos && begin < meet && begin + piece >= meet) {
      end = index_piece(*parser, text, bytes, begin, meet);
      if (end != meet) {  // the guess is inside a string: walk on alone
        second.reset();
        end = kNoPos;
      }
    }
    if (end == kNoPos) end = index_piece(*parser, text, bytes, begin, begin + piece);
    if (end == kNoPos || !walk_piece(walker, *parser, begin)) return nullptr;
    begin = end;
    if (meet != kNoPos && second && begin >= meet) {
      const Walker* rest = begin == meet && walker.between_elements() ? second->result() : nullptr;
      if (rest != nullptr) {
        if (!walker.adopt(*rest)) return nullptr;
        begin = rest->tail_close() + 1;
        if (halves != nullptr) halves->joined = true;
      }
      second.reset();
    }
  }
  return walker.done() ? std::move(doc) : nullptr;
}

}  // namespace iw::json::detail

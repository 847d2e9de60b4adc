// Internal to json/: ParseOptions::split for a large text without a structural index of the
// whole text.
//
// simdjson's stage 1 finds the structural characters of a text; On-Demand keeps an index of
// all of them (four bytes each: 38 MB for an 86 MB authorization-details.json), and writing
// that much fresh memory costs more than the scan itself. chunked_split() runs stage 1 on
// pieces of about a quarter of a mebibyte instead, one after the other into one reused index,
// and walks their structural characters to find the root object's members and the elements
// of its split arrays.
//
// It builds the Document that parse() builds for the same text and options, or returns
// nullptr, and then parse() reads the text the usual way: for a text that is not valid, or that
// holds what the walk does not build itself (a root that is no object, a repeated root key, an
// escape in a root key or string or in an element's select_member, a number or container root
// member that is not split, an element that is no object). The root, the split arrays and each
// element up to its select_member (without one, its first member) are walked as strictly as
// JSON's grammar; the rest of an element is only counted to its closing bracket, as On-Demand
// skips a value. So where parse() would refuse a text, chunked_split() accepts it only when an
// element is not valid JSON inside, which parsing that element on its own reports.
//
// A text of ParseOptions::split_halves_from bytes or more is walked in two halves at once: a
// second thread guesses a boundary between two elements near the middle ("},{") and walks from
// there to the end of that array; the first walker takes its elements when it arrives at the
// guess in the state it guessed (just after a comma between two elements of a split array),
// and otherwise walks on alone. Stage 1 of the first half, ending at the guess, tells whether
// the guess is outside a string.
#pragma once

#include <memory>
#include <string_view>

#include "json/json.h"

namespace iw::json::detail {

// `padded`: the bytes of `text` (text.data() itself, or a copy) followed by kPadding readable
// bytes; the Document's strings are views of `text`. options.split is not empty and
// options.unread_array is. `halves`, when given, tells whether the second half's walk
// (ParseOptions::split_halves_from) made part of the Document.
struct Halves {
  bool wait_for_guess = false;  // the first half starts once the second has guessed (tests)
  bool joined = false;          // out: the second half's elements were taken
};
std::unique_ptr<Document> chunked_split(std::string_view text, const char* padded, const Limits& limits,
                                        const ParseOptions& options, Halves* halves = nullptr);

}  // namespace iw::json::detail

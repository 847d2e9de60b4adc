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
#pragma once

#include <memory>
#include <string_view>

#include "json/json.h"

namespace iw::json::detail {

// `padded`: the bytes of `text` (text.data() itself, or a copy) followed by kPadding readable
// bytes; the Document's strings are views of `text`. options.split is not empty and
// options.unread_array is.
std::unique_ptr<Document> chunked_split(std::string_view text, const char* padded, const Limits& limits,
                                        const ParseOptions& options);

}  // namespace iw::json::detail

#include "iac/render.h"

#include "core/json_writer.h"
#include "core/strings.h"

namespace iw::iac {

namespace {

constexpr std::string_view kOutsideAccount = "000000000000";

std::string quoted(std::string_view s) {
  JsonWriter w(JsonWriter::Style::compact);
  w.value(s);
  return std::move(w).take();
}

bool is_account_id(std::string_view s) {
  return s.size() == 12 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// A principal string with placeholders: one outside everything the code declares.
std::string outside_principal(std::string_view text, std::string_view key) {
  if (trim(replace_placeholders(text, "")).empty() && key == "AWS") {
    return "arn:aws:iam::" + std::string(kOutsideAccount) + ":root";
  }
  std::string s = replace_placeholders(text, "iac-unresolved");
  if (s.rfind("arn:", 0) != 0) return s;
  std::vector<std::string_view> parts = split(s, ':');
  if (parts.size() < 6 || is_account_id(parts[4]) || parts[4].empty() || parts[4] == "aws") return s;
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ':';
    out += i == 4 ? kOutsideAccount : parts[i];
  }
  return out;
}

class Emitter {
 public:
  Emitter(Rendered& out, const Origin& fallback) : out_(out), fallback_(fallback) {}

  void document(const Value& doc) {
    if (!doc.is_object()) {
      value(doc, 0, false, "");
      return;
    }
    open('{', doc.origin, 0);
    for (std::size_t i = 0; i < doc.keys.size(); ++i) {
      key_prefix(doc.keys[i], 1);
      if (doc.keys[i] == "Statement") {
        statements(doc.items[i], 1);
      } else {
        value(doc.items[i], 1, false, "");
      }
      member_end(i + 1 < doc.keys.size());
    }
    close('}', 0);
  }

 private:
  void statements(const Value& v, int depth) {
    if (v.is_list()) {
      open('[', v.origin, depth);
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        indent(depth + 1);
        statement(v.items[i], depth + 1);
        member_end(i + 1 < v.items.size());
      }
      close(']', depth);
    } else {
      statement(v, depth);
    }
  }

  void statement(const Value& v, int depth) {
    Rendered::Statement st;
    st.origin = origin_or_fallback(v.origin);
    std::vector<std::string> names;
    collect_placeholders(v, names);
    for (std::string& n : names) {
      bool seen = false;
      for (const std::string& m : st.placeholders) seen = seen || m == n;
      if (!seen) st.placeholders.push_back(std::move(n));
    }
    out_.statements.push_back(std::move(st));
    value(v, depth, false, "");
  }

  void value(const Value& v, int depth, bool in_principal, std::string_view key) {
    switch (v.kind) {
      case Value::Kind::object:
        if (v.keys.empty()) {
          scalar("{}", v.origin);
          return;
        }
        open('{', v.origin, depth);
        for (std::size_t i = 0; i < v.keys.size(); ++i) {
          key_prefix(v.keys[i], depth + 1);
          const bool principal = in_principal || v.keys[i] == "Principal" || v.keys[i] == "NotPrincipal";
          if (!in_principal && principal && v.items[i].has_placeholder() &&
              trim(replace_placeholders(v.items[i].text, "")).empty()) {
            // "Principal": <unknown> -> {"AWS": "<outside account>"}
            Value aws = Value::object(v.items[i].origin);
            aws.set("AWS", v.items[i]);
            value(aws, depth + 1, true, "");
          } else {
            value(v.items[i], depth + 1, principal, in_principal ? std::string_view(v.keys[i]) : key);
          }
          member_end(i + 1 < v.keys.size());
        }
        close('}', depth);
        return;
      case Value::Kind::list:
        if (v.items.empty()) {
          scalar("[]", v.origin);
          return;
        }
        open('[', v.origin, depth);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          indent(depth + 1);
          value(v.items[i], depth + 1, in_principal, key);
          member_end(i + 1 < v.items.size());
        }
        close(']', depth);
        return;
      case Value::Kind::string: {
        std::string text = v.text;
        if (v.has_placeholder()) {
          for (std::string& n : placeholders_in(v.text)) out_.placeholders.push_back(std::move(n));
          text = in_principal ? outside_principal(v.text, key) : replace_placeholders(v.text, "*");
        }
        scalar(quoted(text), v.origin);
        return;
      }
      case Value::Kind::number:
      case Value::Kind::boolean:
        scalar(v.text, v.origin);
        return;
      case Value::Kind::null:
        scalar("null", v.origin);
        return;
    }
  }

  const Origin& origin_or_fallback(const Origin& o) const { return o.line > 0 ? o : fallback_; }

  void note_line(const Origin& o) {
    // The line being written gets the origin of the first value written on it.
    const std::size_t line = static_cast<std::size_t>(lines_);
    if (out_.line_origin.size() <= line) out_.line_origin.resize(line + 1, origin_or_fallback(o));
  }
  void open(char c, const Origin& o, int) {
    note_line(o);
    out_.text += c;
    newline();
  }
  void close(char c, int depth) {
    indent(depth);
    note_line(fallback_);
    out_.text += c;
  }
  void scalar(const std::string& s, const Origin& o) {
    note_line(o);
    out_.text += s;
  }
  void key_prefix(const std::string& k, int depth) {
    indent(depth);
    pending_key_ = k;
    out_.text += quoted(k);
    out_.text += ": ";
  }
  void member_end(bool more) {
    if (more) out_.text += ',';
    newline();
  }
  void indent(int depth) { out_.text.append(static_cast<std::size_t>(depth) * 2, ' '); }
  void newline() {
    if (out_.line_origin.size() <= static_cast<std::size_t>(lines_)) note_line(fallback_);
    out_.text += '\n';
    ++lines_;
  }

  Rendered& out_;
  const Origin& fallback_;
  int lines_ = 0;
  std::string pending_key_;
};

}  // namespace

const Origin* Rendered::origin_of_line(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_origin.size()) return nullptr;
  return &line_origin[static_cast<std::size_t>(line - 1)];
}

Rendered render(const Value& document, const Origin& fallback) {
  Rendered out;
  Emitter(out, fallback).document(document);
  out.text += '\n';
  if (out.line_origin.empty()) out.line_origin.push_back(fallback);
  return out;
}

}  // namespace iw::iac

#include "trail/baseline.h"

#include <sqlite3.h>

#include <charconv>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "core/json_writer.h"
#include "json/json.h"

namespace iw::trail {

void Baseline::note(std::array<Values, 4>& p, Field f, std::string_view value, Timestamp t) {
  if (value.empty()) return;
  Values& values = p[static_cast<std::size_t>(f)];
  auto it = values.find(value);
  if (it == values.end()) it = values.emplace(std::string(value), Seen{t, t, 0}).first;
  Seen& s = it->second;
  s.first = std::min(s.first, t);
  s.last = std::max(s.last, t);
  ++s.count;
}

void Baseline::learn(const Event& e) {
  const std::string_view who = principal_key(e);
  if (who.empty()) return;
  auto it = principals_.find(who);
  if (it == principals_.end()) it = principals_.emplace(std::string(who), std::array<Values, 4>{}).first;
  const Timestamp t = e.time();
  note(it->second, Field::api, call_name(e), t);
  note(it->second, Field::ip, e.str("sourceIPAddress"), t);
  note(it->second, Field::user_agent, e.str("userAgent"), t);
  note(it->second, Field::region, e.str("awsRegion"), t);
}

void Baseline::merge(const Baseline& other) {
  for (const auto& [who, fields] : other.principals_) {
    auto it = principals_.find(who);
    if (it == principals_.end()) {
      principals_.emplace(who, fields);
      continue;
    }
    for (std::size_t f = 0; f < fields.size(); ++f) {
      for (const auto& [value, s] : fields[f]) {
        auto [at, added] = it->second[f].emplace(value, s);
        if (added) continue;
        at->second.first = std::min(at->second.first, s.first);
        at->second.last = std::max(at->second.last, s.last);
        at->second.count += s.count;
      }
    }
  }
}

bool Baseline::seen(std::string_view principal, Field field, std::string_view value) const {
  const auto it = principals_.find(principal);
  return it != principals_.end() && it->second[static_cast<std::size_t>(field)].contains(value);
}

std::string Baseline::to_json() const {
  JsonWriter w;
  w.begin_object().member("format", "iamwarden-trail-baseline-1").key("seen").begin_array();
  for (const auto& [who, fields] : principals_) {
    for (std::size_t f = 0; f < fields.size(); ++f) {
      for (const auto& [value, s] : fields[f]) {
        w.begin_array().value(who).value(kFieldNames[f]).value(value);
        w.value(static_cast<std::int64_t>(s.first)).value(static_cast<std::int64_t>(s.last)).value(s.count).end_array();
      }
    }
  }
  w.end_array().end_object();
  return std::move(w).take();
}

Baseline Baseline::from_json(std::string_view text) {
  const auto bad = [](const std::string& why) { return std::runtime_error("not a trail baseline partial: " + why); };
  json::ParseError error;
  json::Limits limits;
  limits.max_bytes = std::size_t{1} << 31;
  limits.max_depth = 8;
  const std::unique_ptr<json::Document> doc = json::parse(text, error, limits);
  if (!doc) throw bad(error.message);
  const json::Node* format = doc->root().kind == json::Kind::object ? doc->member(doc->root(), "format") : nullptr;
  const json::Node* seen = format ? doc->member(doc->root(), "seen") : nullptr;
  if (!format || format->text != "iamwarden-trail-baseline-1" || !seen || seen->kind != json::Kind::array) {
    throw bad("unknown format");
  }
  Baseline b;
  for (const json::Node& row : doc->children(*seen)) {
    std::vector<const json::Node*> cells;
    for (const json::Node& c : doc->children(row)) cells.push_back(&c);
    if (row.kind != json::Kind::array || cells.size() != 6 || cells[0]->kind != json::Kind::string ||
        cells[1]->kind != json::Kind::string || cells[2]->kind != json::Kind::string) {
      throw bad("a row is not [principal, field, value, first, last, count]");
    }
    std::array<long long, 3> n{};
    for (std::size_t i = 0; i < 3; ++i) {
      if (cells[3 + i]->kind != json::Kind::number) throw bad("a time or count is not a number");
      const std::string_view t = cells[3 + i]->text;
      const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n[i]);
      if (ec != std::errc() || end != t.data() + t.size()) throw bad("a time or count is not an integer");
    }
    std::size_t f = 0;
    while (f < kFieldNames.size() && kFieldNames[f] != cells[1]->text) ++f;
    auto it = b.principals_.find(cells[0]->text);
    if (it == b.principals_.end()) it = b.principals_.emplace(std::string(cells[0]->text), std::array<Values, 4>{}).first;
    if (f == kFieldNames.size()) continue;
    it->second[f].emplace(std::string(cells[2]->text), Seen{n[0], n[1], n[2]});
  }
  return b;
}

namespace {

using Db = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;
using Stmt = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

Db open_db(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw, sqlite3_close);
  if (rc != SQLITE_OK) {
    throw std::runtime_error(path + ": cannot open baseline database: " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  return db;
}

void exec(sqlite3* db, const std::string& path, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(path + ": " + message);
  }
}

Stmt prepare(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(path + ": not an iamwarden trail baseline (" + sqlite3_errmsg(db) + ")");
  }
  return Stmt(raw, sqlite3_finalize);
}

std::string_view column(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
           : std::string_view();
}

}  // namespace

void Baseline::save(const std::string& path) const {
  std::remove(path.c_str());
  Db db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  exec(db.get(), path,
       "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;"
       "CREATE TABLE seen(principal TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,"
       " first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, count INTEGER NOT NULL,"
       " PRIMARY KEY (principal, field, value)) WITHOUT ROWID;");
  Stmt insert = prepare(db.get(), path, "INSERT INTO seen VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& [who, fields] : principals_) {
    for (std::size_t f = 0; f < fields.size(); ++f) {
      for (const auto& [value, seen] : fields[f]) {
        const std::string first = format_timestamp(seen.first), last = format_timestamp(seen.last);
        sqlite3_bind_text(insert.get(), 1, who.data(), static_cast<int>(who.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert.get(), 2, kFieldNames[f].data(), static_cast<int>(kFieldNames[f].size()), SQLITE_STATIC);
        sqlite3_bind_text(insert.get(), 3, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert.get(), 4, first.data(), static_cast<int>(first.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert.get(), 5, last.data(), static_cast<int>(last.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert.get(), 6, seen.count);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) throw std::runtime_error(path + ": " + sqlite3_errmsg(db.get()));
        sqlite3_reset(insert.get());
      }
    }
  }
  exec(db.get(), path, "COMMIT;");
}

Baseline Baseline::load(const std::string& path) {
  Db db = open_db(path, SQLITE_OPEN_READONLY);
  Stmt select = prepare(db.get(), path, "SELECT principal, field, value, first_seen, last_seen, count FROM seen");
  Baseline b;
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    const std::string_view who = column(select.get(), 0), field = column(select.get(), 1);
    std::size_t f = 0;
    while (f < kFieldNames.size() && kFieldNames[f] != field) ++f;
    auto it = b.principals_.find(who);
    if (it == b.principals_.end()) it = b.principals_.emplace(std::string(who), std::array<Values, 4>{}).first;
    if (f == kFieldNames.size()) continue;  // a field of a later version
    Seen seen{parse_timestamp(column(select.get(), 3)).value_or(0), parse_timestamp(column(select.get(), 4)).value_or(0),
              sqlite3_column_int64(select.get(), 5)};
    it->second[f].emplace(std::string(column(select.get(), 2)), seen);
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(path + ": not an iamwarden trail baseline (" + sqlite3_errmsg(db.get()) + ")");
  return b;
}

}  // namespace iw::trail

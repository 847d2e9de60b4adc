#include "remediate/keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/json_writer.h"
#include "core/time.h"

namespace iw::remediate {

namespace {

struct Key {
  std::string id, status;
  Timestamp created = 0;
};

std::vector<Key> list_keys(aws::Client& client, const std::string& user) {
  const aws::Value v = client.query("iam", "ListAccessKeys", {{"UserName", user}});
  std::vector<Key> keys;
  if (const aws::Value* list = v.find("AccessKeyMetadata")) {
    for (const aws::Value& k : list->items) {
      keys.push_back({k.str("AccessKeyId"), k.str("Status"), parse_timestamp(k.str("CreateDate")).value_or(0)});
    }
  }
  return keys;
}

Timestamp seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// Opens a new file of mode 0600 (never an existing one, never through a symlink).
int create_secret_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw RotateError("cannot create the key file " + path + ": " + std::strerror(errno) +
                      (errno == EEXIST ? " (it exists: move it away or give --key-file)" : ""));
  }
  ::fchmod(fd, 0600);
  return fd;
}

void delete_key(aws::Client& client, const std::string& user, const std::string& id) {
  client.query("iam", "DeleteAccessKey", {{"UserName", user}, {"AccessKeyId", id}});
}

}  // namespace

RotateResult rotate_key(aws::Client& client, const RotateOptions& o) {
  const Timestamp now = seconds(o.now);
  const Timestamp grace = static_cast<Timestamp>(o.grace_days) * 86400;
  std::vector<Key> keys = list_keys(client, o.user);
  RotateResult r;
  if (keys.size() >= 2) {
    const Key* active = nullptr;
    const Key* inactive = nullptr;
    for (const Key& k : keys) (k.status == "Active" ? active : inactive) = &k;
    if (active == nullptr || inactive == nullptr) {
      throw RotateError(o.user + " already has two " + (active ? "active" : "inactive") +
                        " access keys: AWS allows two, so a new one cannot be created. Deactivate and delete the "
                        "one no longer used first (aws iam update-access-key / delete-access-key).");
    }
    if (now - active->created < grace) {
      throw RotateError(o.user + " already has two access keys: the old key " + inactive->id +
                        " is deactivated and will be deleted by a run on or after " +
                        format_timestamp(active->created + grace) + " (the end of the " +
                        std::to_string(o.grace_days) + "-day grace period); nothing was changed");
    }
    delete_key(client, o.user, inactive->id);
    r.step = "completed";
    r.old_key_id = inactive->id;
    r.old_deleted = true;
    r.message = "deleted the old key " + inactive->id + " of " + o.user + "; " + active->id + " is its only key";
    return r;
  }
  // Where the secret goes is settled before the key exists: a key whose secret is lost is useless.
  int fd = -1;
  if (!o.to_stdout) {
    r.key_file = o.key_file.empty() ? o.user + ".access-key.json" : o.key_file;
    fd = create_secret_file(r.key_file);
  }
  aws::Value created;
  try {
    created = client.query("iam", "CreateAccessKey", {{"UserName", o.user}});
  } catch (...) {
    if (fd >= 0) {
      ::close(fd);
      ::unlink(r.key_file.c_str());
    }
    throw;
  }
  const aws::Value* key = created.find("AccessKey");
  if (key == nullptr) {
    if (fd >= 0) ::close(fd);
    throw RotateError("CreateAccessKey answered without the new key");
  }
  JsonWriter w(JsonWriter::Style::pretty);
  w.begin_object().key("AccessKey").begin_object();
  for (const char* k : {"UserName", "AccessKeyId", "Status", "SecretAccessKey", "CreateDate"}) w.member(k, key->str(k));
  w.end_object().end_object();
  std::string text = std::move(w).take() + "\n";
  r.new_key_id = key->str("AccessKeyId");
  if (fd >= 0) {
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw RotateError("cannot write the key file " + r.key_file + " (the new key " + r.new_key_id + " exists)");
  } else {
    r.key_json = std::move(text);
  }
  r.step = "rotated";
  if (!keys.empty()) {
    r.old_key_id = keys[0].id;
    client.query("iam", "UpdateAccessKey", {{"UserName", o.user}, {"AccessKeyId", r.old_key_id}, {"Status", "Inactive"}});
    if (o.grace_days == 0) {
      delete_key(client, o.user, r.old_key_id);
      r.old_deleted = true;
    }
  }
  r.message = "created " + r.new_key_id + " for " + o.user + (fd >= 0 ? " (in " + r.key_file + ", mode 0600)" : "");
  if (!r.old_key_id.empty()) {
    r.message += r.old_deleted ? "; deleted the old key " + r.old_key_id
                               : "; deactivated the old key " + r.old_key_id + "; run keys rotate again after " +
                                     std::to_string(o.grace_days) + " days to delete it";
  }
  return r;
}

}  // namespace iw::remediate

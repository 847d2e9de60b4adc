#include "reason/smt.h"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <mutex>

#include "policy/condition_op.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace iw::reason::smt {

namespace {

using SolveFn = void (*)(const Query*, Answer*);

constexpr const char* kModule = "libiamwarden-smt.so";

// The directory of the running program ("" when unknown).
std::string program_dir() {
  std::array<char, 4096> buf{};
  const ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) return "";
  std::string path(buf.data(), static_cast<std::size_t>(n));
  return path.substr(0, path.rfind('/') + 1);
}

// Loads the solver module once: beside the program (a build tree), in ../lib/iamwarden (an
// installation), then wherever the dynamic loader finds it.
SolveFn load(std::string& error) {
  static std::once_flag once;
  static SolveFn fn = nullptr;
  static std::string load_error;
  std::call_once(once, [] {
    const std::string dir = program_dir();
    std::string tried;
    for (const std::string& path : {dir + kModule, dir + "../" + kModule, dir + "../lib/iamwarden/" + kModule,
                                    std::string(kModule)}) {
#if defined(__SANITIZE_ADDRESS__)
      // cvc5's arithmetic library keeps a few bytes from its static initializers for the life of
      // the process: not a leak of ours.
      __lsan_disable();
#endif
      void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
#if defined(__SANITIZE_ADDRESS__)
      __lsan_enable();
#endif
      if (lib == nullptr) {
        if (const char* e = dlerror(); e != nullptr && tried.empty()) tried = e;
        continue;
      }
      fn = reinterpret_cast<SolveFn>(dlsym(lib, "iw_smt_solve"));
      if (fn != nullptr) return;
      load_error = path + " has no solver entry point";
      return;
    }
    load_error = "the SMT solver module " + std::string(kModule) + " (cvc5) is not installed: " + tried;
  });
  error = load_error;
  return fn;
}

}  // namespace

std::string unsupported(const policy::Document& doc) {
  using policy::OpBase;
  using policy::OpFamily;
  for (const policy::Statement& st : doc.statements) {
    if (st.principal != policy::Polarity::absent) return "a Principal element (only identity policies are encoded)";
    for (const policy::Condition& c : st.conditions) {
      const auto op = policy::parse_operator(c.op);
      if (!op) return "the condition operator " + c.op;
      if (op->set != policy::SetQualifier::none) return "the set operator " + c.op + " (multi-valued keys)";
      if (op->base == OpBase::string_equals_ignore_case || op->base == OpBase::string_not_equals_ignore_case) {
        return "the operator " + c.op;
      }
      switch (policy::family(op->base)) {
        case OpFamily::string:
        case OpFamily::arn:
        case OpFamily::boolean:
        case OpFamily::null: break;
        default: return "the " + c.op + " condition on " + c.key + " beside policy variables";
      }
    }
  }
  return "";
}

Answer solve(const Query& q) {
  Answer a;
  std::string error;
  const SolveFn fn = load(error);
  if (fn == nullptr) {
    a.reason = error;
    return a;
  }
  Query with = q;
  with.empty_is_absent = &eval::is_tag_key;
  fn(&with, &a);
  if (a.status == Status::sat) {
    a.request.principal = a.model.principal;
    a.request.action = q.action;
    a.request.resource = a.model.resource;
    a.request.resource_account = a.model.account;
    for (const Model::Key& k : a.model.context) {
      if (k.multi) a.request.context.set_list(k.name, {"iamwarden-value-1", "iamwarden-value-2"});
      else a.request.context.set(k.name, k.value);
    }
  }
  return a;
}

}  // namespace iw::reason::smt

// Privilege-escalation methods as data: the edges of the escalation graph (graph/graph.h) and,
// for the methods a lone policy can complete, the permission sets of lint's privilege-escalation.
//
// Each Method says which permissions the actor S needs, on which resource each must be allowed,
// what must already hold (prerequisites) and what S gains. Ids and categories are those of
// docs/escalation.md (the catalog of §2 of the privilege-escalation catalog). The table is plain
// C++ data (methods.cc), compiled into the binary: no data file is read at run time.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace iw::catalog {

enum class Category : std::uint8_t {
  self_escalation,
  principal_access,
  new_passrole,
  existing_resource,
  credential_access,
};
std::string_view to_string(Category c);

// What an edge of the method does.
enum class Shape : std::uint8_t {
  self_write,          // S writes an admin policy to itself, its group or a policy attached to it
  self_default_version,// S makes a stored version of a policy attached to it the default
  self_add_to_group,   // S joins a group
  self_drop_boundary,  // S deletes its own permissions boundary
  write_become,        // S writes an admin policy to principal T, then acts as T
  become,              // S acts as principal T with T's current permissions
  create_role,         // S creates a role with an admin policy and assumes it
  create_user,         // S creates a user, makes it admin (policy or group) and takes its credentials
  group_become,        // S adds user T to a group that makes it admin, then takes T's credentials
  passrole,            // S creates (or repoints) compute that runs as a role R it passes
  existing,            // S changes compute that already runs as role R (compute.json)
};

// On which resource a permission must be allowed.
enum class On : std::uint8_t {
  self,          // S's own ARN
  self_group,    // a group S is a member of (every such permission on the same group)
  self_policy,   // a customer-managed policy attached to S or to one of its groups
  user,          // the target user T
  role,          // the target role T
  role_policy,   // a customer-managed policy attached to the target role T
  trust,         // sts:AssumeRole on role T: T's trust policy decides with S's identity
  group,         // the group S joins
  passed_role,   // iam:PassRole on role R with iam:PassedToService = the method's service
  new_resource,  // a resource S creates and names: some ARN matching `arn` (a template)
  any,           // "*"
  compute,       // the existing compute resource that runs as R
  some_compute,  // some existing compute resource of the method's compute types (any role)
  new_role,      // a role S creates
  new_user,      // a user S creates
};

struct Perm {
  // One action, or alternatives separated by '|' (any one of them suffices).
  std::string_view action;
  On on = On::any;
  // new_resource: the ARN template ("{account}" is replaced; '*' is any name S chooses).
  std::string_view arn = {};
};

enum class Prereq : std::uint8_t {
  none,
  user_self,         // S is a user
  role_self,         // S is a role
  keys_below_two,    // T has fewer than 2 access keys (credential report)
  keys_two,          // T has 2 access keys
  no_password,       // T has no console password and no MFA device
  has_password,      // T has a console password and no MFA device
  instance_profile,  // R is in an instance profile
  versions,          // P has < 5 versions, or S may also delete a version
  no_mfa,            // T has no MFA device (a console password alone signs in)
};

struct Method {
  std::string_view id;
  Category category;
  Shape shape;
  std::array<Perm, 6> perms;    // unused slots have an empty action
  std::string_view service;     // passrole: the service principal R must trust
  std::string_view compute;     // existing / some_compute: compute types, comma-separated
  Prereq prereq = Prereq::none;
  std::string_view note;        // a prerequisite the snapshot cannot show, reported with the step
  std::string_view how;         // one line for text output
};

// Every supported method, in the order edges are tried (cheaper, more direct methods first).
std::span<const Method> methods();
// The method with this id, or nullptr.
const Method* find_method(std::string_view id);

}  // namespace iw::catalog

// Bad snapshots: each is rejected with the file, line and column of the problem, or (with
// keep_going, for optional files) recorded in Account::skipped.
#include <gtest/gtest.h>

#include <string>

#include "account/account.h"

namespace iw::account {
namespace {

const std::string kSnapshots = std::string(IW_CASES_DIR) + "/snapshots/";

struct Expected {
  std::string file;  // relative to tests/cases/snapshots
  int line;
  int column;
  std::string message_part;
};

// Loads `name` and returns the error (fails the test if none).
SnapshotError error_of(const std::string& name, const LoadOptions& options = {}) {
  try {
    (void)load_snapshot(kSnapshots + name, options);
  } catch (const SnapshotError& e) {
    return e;
  }
  ADD_FAILURE() << name << ": loaded without an error";
  return SnapshotError("", 0, 0, "");
}

void expect_error(const std::string& name, const Expected& want) {
  SCOPED_TRACE(name);
  const SnapshotError e = error_of(name);
  EXPECT_EQ(e.file, kSnapshots + want.file);
  EXPECT_EQ(e.line, want.line);
  EXPECT_EQ(e.column, want.column);
  EXPECT_NE(e.message.find(want.message_part), std::string::npos) << e.what();
  if (want.line > 0) {
    EXPECT_EQ(std::string(e.what()).rfind(kSnapshots + want.file + ":" + std::to_string(want.line) + ":" +
                                              std::to_string(want.column) + ": ",
                                          0),
              0u)
        << e.what();
  }
}

TEST(AccountErrors, MissingRequiredFile) {
  expect_error("missing-details",
               {"missing-details/authorization-details.json", 0, 0, "missing required file"});
}

TEST(AccountErrors, NotADirectory) {
  const SnapshotError e = error_of("no-such-snapshot");
  EXPECT_EQ(e.file, kSnapshots + "no-such-snapshot");
  EXPECT_NE(e.message.find("no such directory"), std::string::npos);
}

TEST(AccountErrors, TruncatedJson) {
  expect_error("truncated", {"truncated/authorization-details.json", 3, 73,
                             "unexpected end of the file: 3 brackets are not closed"});
}

TEST(AccountErrors, ListIsNotAnArray) {
  expect_error("wrong-shape",
               {"wrong-shape/authorization-details.json", 2, 21, "UserDetailList must be an array, not an object"});
}

TEST(AccountErrors, UserWithoutName) {
  expect_error("user-without-name",
               {"user-without-name/authorization-details.json", 4, 5, "user without UserName"});
}

TEST(AccountErrors, RoleWithoutTrustPolicy) {
  expect_error("role-without-trust",
               {"role-without-trust/authorization-details.json", 3, 5, "role without AssumeRolePolicyDocument"});
}

TEST(AccountErrors, InvalidUtf8) {
  expect_error("bad-utf8", {"bad-utf8/authorization-details.json", 3, 22, "UTF-8"});
}

TEST(AccountErrors, NestingTooDeep) {
  const SnapshotError e = error_of("too-deep");
  EXPECT_EQ(e.file, kSnapshots + "too-deep/authorization-details.json");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("nesting"), std::string::npos) << e.what();
}

TEST(AccountErrors, ImpossibleDate) {
  expect_error("bad-timestamp",
               {"bad-timestamp/authorization-details.json", 4, 20, "CreateDate is not a timestamp"});
}

TEST(AccountErrors, OnePageOfAPaginatedCall) {
  expect_error("one-page", {"one-page/authorization-details.json", 3, 18, "IsTruncated is true"});
  expect_error("roles-page", {"roles-page/roles.json", 3, 18, "IsTruncated is true"});
}

TEST(AccountErrors, NotTheRightFile) {
  expect_error("wrong-file", {"wrong-file/authorization-details.json", 1, 1, "none of UserDetailList"});
}

// A question's load chooses elements by their Arn before reading them: an element malformed
// before its Arn is an error of the file (On-Demand's search for the Arn past a malformed member
// read outside the text).
TEST(AccountErrors, AQuestionsLoadNamesAnElementMalformedBeforeItsArn) {
  LoadOptions options;
  options.question_action = "iam:passrole";
  for (const auto& [text, message] :
       {std::pair<std::string, std::string>{R"({"RoleDetailList":["",{[""""}])", "unmatched '}'"},
        {R"({"RoleDetailList": [{"Path" "/", "Arn": "a"}]})", "malformed JSON"}}) {
    SCOPED_TRACE(text);
    try {
      (void)load_snapshot_files("q", {{"authorization-details.json", text}}, options);
      ADD_FAILURE() << "loaded";
    } catch (const SnapshotError& e) {
      EXPECT_EQ(e.line, 1);
      EXPECT_GT(e.column, 20);
      EXPECT_NE(e.message.find(message), std::string::npos) << e.what();
    }
  }
}

TEST(AccountErrors, DuplicateKeyOutsideDocuments) {
  expect_error("duplicate-structure",
               {"duplicate-structure/authorization-details.json", 3, 66, "duplicate key \"UserName\" (first at 3:6)"});
}

TEST(AccountErrors, CsvMissingColumns) {
  expect_error("csv-missing-columns",
               {"csv-missing-columns/credential-report.csv", 1, 1, "required columns: arn, mfa_active"});
}

TEST(AccountErrors, CsvWrongFieldCount) {
  expect_error("csv-wrong-field-count",
               {"csv-wrong-field-count/credential-report.csv", 3, 1, "row has 23 fields, the header has 22"});
}

TEST(AccountErrors, CsvUnclosedQuote) {
  expect_error("csv-unclosed-quote", {"csv-unclosed-quote/credential-report.csv", 3, 1, "quoted field never closed"});
}

TEST(AccountErrors, CsvBadBoolean) {
  expect_error("csv-bad-boolean",
               {"csv-bad-boolean/credential-report.csv", 2, 131, "mfa_active: expected true or false, not \"yes\""});
}

TEST(AccountErrors, CsvInvalidUtf8) {
  expect_error("csv-bad-utf8", {"csv-bad-utf8/credential-report.csv", 2, 4, "invalid UTF-8"});
}

TEST(AccountErrors, ReportBadBase64) {
  expect_error("report-bad-base64", {"report-bad-base64/credential-report.json", 2, 26, "not valid base64"});
}

TEST(AccountErrors, ReportJsonWithBadCsvNamesTheDecodedContent) {
  expect_error("report-json-bad-csv", {"report-json-bad-csv/credential-report.json (decoded Content)", 2, 1,
                                       "row has 23 fields"});
}

TEST(AccountErrors, BothReportForms) {
  expect_error("both-reports", {"both-reports/credential-report.json", 0, 0, "keep only one"});
}

TEST(AccountErrors, OptionalFilesAreCheckedToo) {
  expect_error("bad-optional", {"bad-optional/account-summary.json", 1, 1, "without SummaryMap"});
  expect_error("bad-snapshot-json", {"bad-snapshot-json/snapshot.json", 1, 16, "account_id must be 12 digits"});
  expect_error("bad-compute", {"bad-compute/compute.json", 2, 3, "compute resource without role"});
}

TEST(AccountErrors, KeepGoingSkipsBadOptionalFiles) {
  LoadOptions options;
  options.keep_going = true;
  const Account a = load_snapshot(kSnapshots + "bad-optional", options);
  ASSERT_EQ(a.skipped.size(), 3u);
  const std::string dir = kSnapshots + "bad-optional/";
  EXPECT_EQ(a.skipped[0], dir + "account-summary.json:1:1: the output of aws iam get-account-summary without SummaryMap");
  EXPECT_EQ(a.skipped[1], dir + "password-policy.json:1:46: MinimumPasswordLength must be a number, not a string");
  EXPECT_EQ(a.skipped[2], dir + "scps.json:3:35: policies must be an array, not an object");
  EXPECT_FALSE(a.summary);
  EXPECT_FALSE(a.password_policy);
  EXPECT_FALSE(a.password_policy_file_present);
  EXPECT_TRUE(a.scps.empty());
  EXPECT_EQ(a.users.size(), 1u);
  EXPECT_EQ(a.sources.size(), 1u);  // only the files that were kept
}

// The error reported is that of the first bad file in kSnapshotFiles order, the files skipped
// are listed in that order, and roles.json updates the roles read before it.
TEST(AccountErrors, TheFirstBadFileInOrderIsTheOneReported) {
  const std::string details = R"({"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r",
      "AssumeRolePolicyDocument": {"Statement": []}}]})";
  const auto error = [](std::map<std::string, std::string> files) {
    try {
      (void)load_snapshot_files("snap", std::move(files));
    } catch (const SnapshotError& e) {
      return e.file;
    }
    return std::string("no error");
  };
  std::map<std::string, std::string> files{{"authorization-details.json", details},
                                           {"roles.json", R"({"Roles": 5})"},
                                           {"credential-report.csv", "x,y\n"},
                                           {"scps.json", "{bad"}};
  EXPECT_EQ(error(files), "snap/roles.json");
  files["roles.json"] = R"({"Roles": []})";
  EXPECT_EQ(error(files), "snap/credential-report.csv");
  files["authorization-details.json"] = R"({"RoleDetailList": [)";
  EXPECT_EQ(error(files), "snap/authorization-details.json");
  files["authorization-details.json"] = details;
  files["roles.json"] = R"({"Roles": 5})";
  LoadOptions options;
  options.keep_going = true;
  const Account a = load_snapshot_files("snap", files, options);
  ASSERT_EQ(a.skipped.size(), 3u);
  EXPECT_EQ(a.skipped[0].rfind("snap/roles.json:", 0), 0u) << a.skipped[0];
  EXPECT_EQ(a.skipped[1].rfind("snap/credential-report.csv:", 0), 0u) << a.skipped[1];
  EXPECT_EQ(a.skipped[2].rfind("snap/scps.json:", 0), 0u) << a.skipped[2];
  EXPECT_EQ(a.files, (std::vector<std::string>{"authorization-details.json"}));
  files["roles.json"] =
      R"({"Roles": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "MaxSessionDuration": 7200}]})";
  files.erase("credential-report.csv");
  files.erase("scps.json");
  files["snapshot.json"] = R"({"account_id": "111122223333"})";
  const Account b = load_snapshot_files("snap", files);
  EXPECT_EQ(b.files, (std::vector<std::string>{"authorization-details.json", "roles.json", "snapshot.json"}));
  ASSERT_EQ(b.roles.size(), 1u);
  EXPECT_EQ(b.roles[0].max_session_duration, 7200);  // roles.json read after the roles
}

TEST(AccountErrors, KeepGoingStillRejectsABadRequiredFile) {
  LoadOptions options;
  options.keep_going = true;
  EXPECT_THROW(load_snapshot(kSnapshots + "user-without-name", options), SnapshotError);
  EXPECT_THROW(load_snapshot(kSnapshots + "missing-details", options), SnapshotError);
}

TEST(AccountErrors, FileOverTheSizeLimit) {
  LoadOptions options;
  options.max_file_bytes = 100;
  const SnapshotError e = error_of("good", options);
  EXPECT_EQ(e.file, kSnapshots + "good/authorization-details.json");
  EXPECT_EQ(e.line, 0);
  EXPECT_NE(e.message.find("over the limit of 100 bytes"), std::string::npos) << e.what();
  // An optional file over the limit is skipped with keep_going.
  options.max_file_bytes = 500;
  options.keep_going = true;
  const Account a = load_snapshot(kSnapshots + "csv-wrong-field-count", options);
  ASSERT_EQ(a.skipped.size(), 1u);
  EXPECT_NE(a.skipped[0].find("credential-report.csv: file is"), std::string::npos) << a.skipped[0];
  EXPECT_FALSE(a.credential_report);
}

TEST(AccountErrors, UnknownFileInMemory) {
  std::map<std::string, std::string> files{{"authorization-details.json", "{\"Policies\": []}"},
                                           {"users.json", "[]"}};
  try {
    (void)load_snapshot_files("snap", std::move(files));
    ADD_FAILURE() << "no error";
  } catch (const SnapshotError& e) {
    EXPECT_EQ(e.file, "snap/users.json");
  }
}

TEST(AccountErrors, NoSnapshotInFolder) {
  try {
    (void)load_snapshots(kSnapshots + "empty-org");
    ADD_FAILURE() << "no error";
  } catch (const SnapshotError& e) {
    EXPECT_EQ(e.file, kSnapshots + "empty-org");
    EXPECT_NE(e.message.find("no authorization-details.json"), std::string::npos);
  }
}

TEST(AccountErrors, EmptyAndNonObjectRoots) {
  for (const char* text : {"", "   ", "[]", "null", "{\"UserDetailList\": [1]}", "{\"UserDetailList\": [{}]}",
                           "{\"Policies\": [{\"PolicyName\": \"p\", \"Arn\": \"a\", \"AttachmentCount\": 1.5}]}",
                           "{\"Policies\": [{\"PolicyName\": \"p\", \"Arn\": \"a\", \"PolicyVersionList\": [{}]}]}",
                           "{\"UserDetailList\": [{\"UserName\": \"u\", \"Arn\": \"a\", \"GroupList\": [7]}]}"}) {
    std::map<std::string, std::string> files{{"authorization-details.json", text}};
    EXPECT_THROW((void)load_snapshot_files("", std::move(files)), SnapshotError) << text;
  }
}

}  // namespace
}  // namespace iw::account

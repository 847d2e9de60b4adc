// Helpers shared by the writers of report/ (not part of the public interface).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/json_writer.h"
#include "report/report.h"

namespace iw::report::detail {

// Severities from the most to the least severe, the order every summary uses.
inline constexpr std::array<Severity, 5> kSeveritiesDescending = {
    Severity::critical, Severity::high, Severity::medium, Severity::low, Severity::info};

// A copy of `findings` in sort_findings() order.
std::vector<Finding> sorted(const std::vector<Finding>& findings);
// `findings` in sort_findings() order without a copy when they already are (an analysis that
// sorted them, such as trail detect with hundreds of thousands), else a sorted copy kept in `copy`.
const std::vector<Finding>& in_order(const std::vector<Finding>& findings, std::vector<Finding>& copy);

// `findings` (sorted) as a FindingSource.
FindingSource source_of(const std::vector<Finding>& findings);
// A writer of a report from a source (write_csv(input, each, sink) and the like).
using SourceWriter = void (*)(const ReportInput&, const FindingSource&, const std::function<void(std::string_view)>&);
// `writer`'s report of input.findings (put in report order first when they are not), to `sink`,
// or as one string.
void write_held(const ReportInput& input, SourceWriter writer, const std::function<void(std::string_view)>& sink);
std::string held_string(const ReportInput& input, SourceWriter writer);
// What a writer to a sink writes, as one string.
std::string collect(const std::function<void(const std::function<void(std::string_view)>&)>& write);
// Hands `w`'s text to `sink` once it holds a block (about 1 MiB): for writers that stream.
void drain_block(JsonWriter& w, const std::function<void(std::string_view)>& sink);
// A JSON array of one value per finding of `each` (write_one writes it), handed to `sink` in
// blocks, then a newline: the frame of the asff and ocsf reports.
void write_array(const FindingSource& each, const std::function<void(JsonWriter&, const Finding&)>& write_one,
                 const std::function<void(std::string_view)>& sink);

// `f` as the grouping formats (sarif, junit) keep it while they gather a report too large to hold
// whole: what they read of every finding (id, severity, message — the title when there is none —,
// account, resource, location, compliance, iac), without what only other formats show
// (remediation, event fields, snippet). `whole`: an unchanged copy (the finding that describes its
// rule or case).
Finding slim(const Finding& f, bool whole);

// The file a finding points at: its location's file, else its resource.
const std::string& artifact(const Finding& f);

using iw::decode_utf8;  // core/json_writer.h

// "Critical", "High", "Medium", "Low", "Informational" (HTML and OCSF wording).
std::string_view severity_label(Severity s);

// `s` safe to print on a terminal: control and bidirectional characters shown as escapes
// (\x1b, \u{202e}), ill-formed UTF-8 replaced (the text writer's rule).
std::string terminal_text(std::string_view s);

// The rule description (why it matters) from the registry, or "" for an unregistered id.
std::string description_of(const Finding& f);

}  // namespace iw::report::detail

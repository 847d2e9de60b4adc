// The HTML report's style sheet.
#include "report/html_assets.h"

namespace iw::report::detail {

namespace {

constexpr std::string_view kCss = R"CSS(
:root{--bg:#f4f6f9;--card:#fff;--ink:#1c2430;--muted:#5b6678;--line:#dde3ea;--brand:#13294b;
--accent:#2b6cb0;--critical:#b42318;--high:#dc6803;--medium:#b58900;--low:#2e6fdb;--info:#6b7280;
--pass:#12805c;--fail:#b42318;--manual:#6b7280;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg);font-size:14px;line-height:1.45}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;
overflow-wrap:anywhere;white-space:pre-wrap}
.muted{color:var(--muted)}
header.top{background:var(--brand);color:#fff;padding:20px 32px 16px}
header.top .brand{font-size:22px;font-weight:700;letter-spacing:.2px}
header.top .brand span{font-weight:400;opacity:.8;margin-left:8px;font-size:16px}
header.top dl{display:flex;flex-wrap:wrap;gap:6px 28px;margin:12px 0 0;font-size:13px}
header.top dt{opacity:.7;display:inline}
header.top dd{display:inline;margin:0 0 0 6px;font-weight:600}
nav.tabs{background:#fff;border-bottom:1px solid var(--line);padding:0 32px;display:flex;gap:4px;
position:sticky;top:0;z-index:2}
nav.tabs a{display:inline-block;padding:12px 14px;color:var(--muted);font-weight:600;
border-bottom:3px solid transparent}
nav.tabs a:hover{color:var(--ink);text-decoration:none;border-bottom-color:var(--line)}
main{max-width:1280px;margin:0 auto;padding:24px 32px 48px}
section.block{margin-bottom:28px}
section[id]{scroll-margin-top:60px}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:15px;margin:0}
h4{font-size:13px;margin:14px 0 4px;color:var(--muted)}
.cards{display:grid;grid-template-columns:330px 1fr;gap:20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.score{display:flex;align-items:center;gap:18px}
.score svg{flex:none}
.score .ring-bg{fill:none;stroke:#e7ebf0;stroke-width:10}
.score .ring{fill:none;stroke-width:10;stroke-linecap:round}
.score .ring.g-A{stroke:#12805c}.score .ring.g-B{stroke:#4c9a2a}.score .ring.g-C{stroke:#b58900}
.score .ring.g-D{stroke:#dc6803}.score .ring.g-F{stroke:#b42318}
.score .num{font-size:30px;font-weight:700;fill:var(--ink)}
.score .of{font-size:11px;fill:var(--muted)}
.score .grade{font-size:15px;font-weight:700}
.score .cap{margin-top:4px;color:var(--critical);font-weight:600}
.formula{margin-top:12px;font-size:12px;color:var(--muted)}
.formula summary{cursor:pointer;color:var(--accent)}
.chart-head{display:flex;justify-content:space-between;align-items:baseline}
.chart-head .total{font-size:13px;color:var(--muted)}
svg.bars text{font-size:12px;fill:var(--ink)}
svg.bars .track{fill:#eef1f5}
.b-critical{fill:var(--critical)}.b-high{fill:var(--high)}.b-medium{fill:var(--medium)}
.b-low{fill:var(--low)}.b-info{fill:var(--info)}
.sev{display:inline-block;min-width:70px;text-align:center;padding:2px 8px;border-radius:999px;
font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.4px;color:#fff}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}
.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:center;margin-bottom:12px}
.filters fieldset{border:0;padding:0;margin:0;display:flex;gap:10px;flex-wrap:wrap}
.filters legend{display:none}
.filters label.chk{display:inline-flex;align-items:center;gap:5px;font-size:13px;cursor:pointer}
.filters select,.filters input[type=search]{font:inherit;padding:6px 9px;border:1px solid var(--line);
border-radius:6px;background:#fff}
.filters input[type=search]{min-width:260px;flex:1}
.filters button,.chip button{font:inherit;padding:6px 12px;border:1px solid var(--line);border-radius:6px;
background:#fff;cursor:pointer}
.chip{display:inline-flex;gap:8px;align-items:center;background:#eef4fc;border-radius:6px;padding:2px 2px 2px 10px}
.count{font-size:12px;color:var(--muted);margin:0 0 8px}
.vhead,.vrow{display:grid;gap:12px;align-items:center;padding:0 12px}
.vhead{font-size:12px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);background:#f8fafc;
border:1px solid var(--line);border-bottom:0;border-radius:10px 10px 0 0;height:36px}
.vlist{position:relative;overflow:auto;max-height:66vh;background:#fff;border:1px solid var(--line);
border-radius:0 0 10px 10px}
.vspace{position:relative}
.vrow{position:absolute;left:0;right:0;height:40px;border-bottom:1px solid #edf0f4;cursor:pointer}
.vrow>*,.vhead>*{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
.vrow:hover,.vrow:focus{background:#f6f9fd;outline:none}
.vrow.selected{background:#eef4fc}
.g-findings{grid-template-columns:84px 210px minmax(0,1.1fr) minmax(0,2fr)}
.g-subjects{grid-template-columns:minmax(0,3fr) 80px 90px 70px}
.g-subjects .n{text-align:right;font-variant-numeric:tabular-nums}
.vrow .sev{min-width:64px;font-size:10px}
.empty{padding:18px;text-align:center;color:var(--muted)}
.detail{margin-top:14px}
.detail h3{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
dl.kv{display:grid;grid-template-columns:140px 1fr;gap:6px 14px;margin:8px 0 0}
dl.kv dt{color:var(--muted);font-weight:600}
dl.kv dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
.subject h3{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.subject h3 .name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13.5px;
overflow-wrap:anywhere}
.tag{font-size:11px;font-weight:700;padding:2px 8px;border-radius:4px;background:#eef1f5;color:var(--muted);
text-transform:uppercase;letter-spacing:.4px}
.tag.admin{background:#fdecea;color:var(--critical)}
.subject ul,.detail ul{margin:6px 0 0;padding-left:18px}
.subject li,.detail li{margin:3px 0}
.subject .findings li{list-style:none;margin-left:-18px;display:flex;gap:10px;align-items:baseline}
.subject .findings .sev{min-width:64px;font-size:10px}
.subject .clean{color:#12805c;margin-top:6px}
pre.doc{background:#f8fafc;border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:6px 0 0;
max-height:420px;overflow:auto;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
font-size:12.5px;white-space:pre-wrap;overflow-wrap:anywhere}
pre.doc .hit{background:#fff1c2;outline:1px solid #e8c75a;border-radius:3px}
svg.chain{display:block;max-width:100%;margin-top:6px}
svg.chain rect{fill:#eef4fc;stroke:#9bb8dd}
svg.chain rect.admin{fill:#fdecea;stroke:var(--critical)}
svg.chain text{font-size:12px;fill:var(--ink)}
svg.chain text.step{font-size:11px;fill:var(--muted)}
svg.chain path{stroke:#5b6678;fill:none;stroke-width:1.5}
svg.chain polygon{fill:#5b6678}
table.grid{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);border-radius:10px;overflow:hidden}
table.grid th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.4px;
color:var(--muted);background:#f8fafc;border-bottom:1px solid var(--line);padding:9px 12px}
table.grid td{padding:8px 12px;border-bottom:1px solid #edf0f4;vertical-align:top}
.st{display:inline-block;min-width:62px;text-align:center;padding:2px 8px;border-radius:4px;font-size:11px;
font-weight:700;color:#fff}
.framework{margin-bottom:16px}.framework table{margin-top:8px}
td button[data-req]{font:inherit;font-size:12px;padding:3px 10px;border:1px solid var(--line);border-radius:6px;
background:#fff;cursor:pointer;color:var(--accent)}
.st-PASS{background:var(--pass)}.st-FAIL{background:var(--fail)}.st-MANUAL{background:var(--manual)}
footer{max-width:1280px;margin:0 auto;padding:0 32px 32px;color:var(--muted);font-size:12px}
@media (max-width:800px){.cards{grid-template-columns:1fr}main,header.top,nav.tabs{padding-left:14px;padding-right:14px}
.g-findings{grid-template-columns:70px 1fr 1fr}.g-findings>:nth-child(4){display:none}}
@media print{nav.tabs,.filters{display:none}.vlist{max-height:none}}
)CSS";

}  // namespace

std::string_view html_style() { return kCss; }

}  // namespace iw::report::detail

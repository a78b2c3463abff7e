/**
 * The console's stylesheet, served from CareQual itself (no CDN, no web fonts: a practice's
 * locked-down browser may reach nothing else). Kept in a module so the build needs no asset
 * copy step and the URL carries a content hash (cached forever, replaced on change).
 */
export const CONSOLE_CSS = `
:root{--bg:#f5f7fa;--surface:#fff;--text:#17212b;--muted:#566270;--line:#dbe1e8;--line-strong:#c3ccd6;
--brand:#0b6e69;--brand-strong:#095853;--brand-soft:#e6f3f2;--danger:#b42318;--danger-soft:#fdecea;--warn:#8a4b00;--warn-soft:#fff4e0;
--ok:#066a3f;--ok-soft:#e7f6ee;--info:#1d4ed8;--info-soft:#eaf0fd;--focus:#1d4ed8;--radius:10px;--shadow:0 1px 2px rgba(16,24,40,.06),0 1px 3px rgba(16,24,40,.08);
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;font-size:15px;line-height:1.5;color:var(--text);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;flex-direction:column}
a{color:var(--brand)}a:hover{color:var(--brand-strong)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:4px}
.skip-link{position:absolute;left:-999px;top:8px;background:var(--surface);padding:8px 12px;border-radius:6px;z-index:10}
.skip-link:focus{left:8px}
.topbar{background:#10263a;color:#e8eef4}
.topbar-inner{max-width:1180px;margin:0 auto;padding:10px 24px;display:flex;align-items:center;gap:24px;flex-wrap:wrap}
.brand{display:flex;align-items:center;gap:10px;color:#fff;text-decoration:none;font-weight:650;font-size:17px;letter-spacing:.2px}
.brand:hover{color:#fff}
.brand-mark{display:inline-grid;place-items:center;width:30px;height:30px;border-radius:8px;background:linear-gradient(135deg,#14b8a6,#0b6e69);font-size:12px;font-weight:700;color:#fff}
.mainnav ul{list-style:none;display:flex;gap:4px;margin:0;padding:0;flex-wrap:wrap}
.mainnav a{display:block;padding:7px 12px;border-radius:7px;color:#c9d6e2;text-decoration:none;font-weight:500}
.mainnav a:hover{background:rgba(255,255,255,.08);color:#fff}
.mainnav a[aria-current=page]{background:rgba(20,184,166,.2);color:#fff;box-shadow:inset 0 -2px 0 #2dd4bf}
.whoami{margin-left:auto;display:flex;align-items:center;gap:10px;font-size:13px;color:#b8c6d3}
.page{flex:1;width:100%;max-width:1180px;margin:0 auto;padding:28px 24px 48px}
.page:focus{outline:none}
.footer{border-top:1px solid var(--line);color:var(--muted);font-size:12.5px;text-align:center;padding:14px 24px}
.footer p{margin:0}
h1{font-size:26px;line-height:1.25;margin:0 0 4px;font-weight:680;letter-spacing:-.2px}
h2{font-size:18px;margin:0 0 12px;font-weight:650}
h3{font-size:15px;margin:0 0 8px;font-weight:650}
.lead{color:var(--muted);margin:2px 0 0;max-width:70ch}
.page-header{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;margin-bottom:22px;flex-wrap:wrap}
.page-actions{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.card{background:var(--surface);border:1px solid var(--line);border-radius:var(--radius);box-shadow:var(--shadow);padding:20px 22px;margin-bottom:18px}
.card-head{display:flex;justify-content:space-between;align-items:baseline;gap:12px;margin-bottom:6px;flex-wrap:wrap}
.card-head p{margin:0;color:var(--muted);font-size:13.5px}
.grid{display:grid;gap:18px;margin-bottom:18px}
.grid > .card,.grid > div > .card{margin-bottom:0}
.grid-2{grid-template-columns:repeat(auto-fit,minmax(320px,1fr))}
.grid-3{grid-template-columns:repeat(auto-fit,minmax(220px,1fr))}
.grid-4{grid-template-columns:repeat(auto-fit,minmax(170px,1fr))}
.btn{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--line-strong);background:var(--surface);color:var(--text);border-radius:8px;padding:8px 14px;font:inherit;font-weight:560;cursor:pointer;text-decoration:none;line-height:1.3}
.btn:hover{background:#f0f3f6;color:var(--text)}
.btn-primary{background:var(--brand);border-color:var(--brand);color:#fff}
.btn-primary:hover{background:var(--brand-strong);color:#fff}
.btn-danger{color:var(--danger);border-color:#f0b8b2}
.btn-quiet{background:transparent;border-color:var(--line-strong);color:var(--text)}
.topbar .btn-quiet{border-color:rgba(255,255,255,.25);color:#e8eef4}
.topbar .btn-quiet:hover{background:rgba(255,255,255,.1);color:#fff}
.btn-small{padding:4px 10px;font-size:13px}
.btn-link{border:none;background:none;color:var(--brand);padding:0;text-decoration:underline;cursor:pointer;font:inherit}
.btn[disabled]{opacity:.55;cursor:not-allowed}
.inline-form{display:inline;margin:0}
.chip{display:inline-flex;align-items:center;gap:5px;padding:2px 9px;border-radius:999px;font-size:12.5px;font-weight:600;line-height:1.6;border:1px solid transparent;white-space:nowrap}
.chip::before{content:"";width:7px;height:7px;border-radius:50%;background:currentColor;opacity:.85}
.chip-ok{background:var(--ok-soft);color:var(--ok);border-color:#b7e4cb}
.chip-warn{background:var(--warn-soft);color:var(--warn);border-color:#f5d199}
.chip-bad{background:var(--danger-soft);color:var(--danger);border-color:#f4c1bb}
.chip-info{background:var(--info-soft);color:var(--info);border-color:#c5d5fa}
.chip-neutral{background:#eef1f4;color:#44505c;border-color:#d9dee4}
.chip-admin,.chip-editor,.chip-compliance{background:rgba(45,212,191,.16);color:#99f6e4;border-color:rgba(45,212,191,.4)}
.chip-viewer{background:rgba(255,255,255,.08);color:#d5dee7;border-color:rgba(255,255,255,.2)}
.notice{border-radius:var(--radius);padding:12px 16px;margin-bottom:18px;border:1px solid}
.notice-success{background:var(--ok-soft);border-color:#b7e4cb;color:#054d2e}
.notice-info{background:var(--info-soft);border-color:#c5d5fa;color:#1e3a8a}
.notice-error{background:var(--danger-soft);border-color:#f4c1bb;color:#7a1a12}
.error-summary{border:2px solid var(--danger);background:var(--surface);border-radius:var(--radius);padding:16px 20px;margin-bottom:18px}
.error-summary h2{color:var(--danger);font-size:16px;margin-bottom:6px}
.error-summary ul{margin:0;padding-left:20px}
.error-summary a{color:var(--danger);font-weight:560}
label,.label{display:block;font-weight:580;font-size:13.5px;margin-bottom:4px}
.hint{display:block;color:var(--muted);font-size:12.5px;font-weight:400;margin-top:2px}
input[type=text],input[type=number],input[type=time],input[type=search],input[type=datetime-local],input:not([type]),select,textarea{width:100%;font:inherit;color:var(--text);background:#fff;border:1px solid var(--line-strong);border-radius:8px;padding:7px 10px;min-height:38px}
textarea{min-height:84px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
input:focus,select:focus,textarea:focus{border-color:var(--focus);outline:2px solid rgba(29,78,216,.25);outline-offset:0}
input[readonly],textarea[readonly],select[disabled],input[disabled]{background:#f3f5f7;color:#3b4652}
.field{margin-bottom:14px;min-width:0}
.field-invalid input,.field-invalid select,.field-invalid textarea{border-color:var(--danger);border-width:2px}
.field-error{display:block;color:var(--danger);font-size:13px;font-weight:560;margin-top:4px}
.field-error::before{content:"⚠ ";}
.check{display:flex;align-items:center;gap:8px;font-weight:500}
.check input{width:18px;height:18px}
.row{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));align-items:start}
.row-item{border:1px solid var(--line);border-radius:8px;padding:14px 14px 2px;margin-bottom:12px;background:#fbfcfd}
.row-item-head{display:flex;justify-content:space-between;align-items:center;margin-bottom:8px;gap:8px}
.row-item-head h3{margin:0;font-size:14px}
.muted{color:var(--muted)}
.small{font-size:13px}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
details.advanced{margin:4px 0 12px}
details.advanced summary{cursor:pointer;color:var(--brand);font-size:13px;font-weight:560}
.section-nav{display:flex;gap:6px;flex-wrap:wrap;margin:0 0 18px;padding:0;list-style:none}
.section-nav a{display:block;padding:5px 11px;border-radius:999px;background:var(--surface);border:1px solid var(--line);text-decoration:none;font-size:13px;color:var(--text)}
.section-nav a:hover{border-color:var(--brand);color:var(--brand)}
.savebar{position:sticky;bottom:0;background:rgba(255,255,255,.96);border:1px solid var(--line);border-radius:var(--radius);box-shadow:0 -2px 10px rgba(16,24,40,.06);padding:12px 16px;display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin-top:10px}
.savebar .grow{flex:1;min-width:200px}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:9px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{white-space:nowrap;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:650;background:#f8fafb}
tbody tr:hover{background:#fafbfc}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px;position:relative}
.table-wrap table th:first-child,.table-wrap table td:first-child{padding-left:14px}
.nowrap{white-space:nowrap}
.wrap-anywhere{overflow-wrap:anywhere}
.hash{overflow-wrap:anywhere}
.num{text-align:right;font-variant-numeric:tabular-nums}
.kpi{background:var(--surface);border:1px solid var(--line);border-radius:var(--radius);padding:16px 18px;box-shadow:var(--shadow)}
.kpi .kpi-label{color:var(--muted);font-size:12.5px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.kpi .kpi-value{font-size:28px;font-weight:700;margin-top:4px;font-variant-numeric:tabular-nums;line-height:1.2}
.kpi .kpi-sub{color:var(--muted);font-size:13px;margin-top:2px}
.score-ring{display:flex;align-items:center;gap:22px;margin:6px 0 20px}
.score-ring dl{flex:1}
.score-ring svg{flex:none}
.result-list{margin:0;padding-left:18px}
.result-list li{margin-bottom:4px}
.diff-added{background:var(--ok-soft)}
.diff-removed{background:var(--danger-soft)}
.diff-changed{background:var(--warn-soft)}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;align-items:end}
.pager{display:flex;justify-content:space-between;align-items:center;margin-top:12px;gap:8px;flex-wrap:wrap}
progress{width:100%;height:12px;border-radius:6px;overflow:hidden;appearance:none;border:none;background:#e6ebf0}
progress::-webkit-progress-bar{background:#e6ebf0;border-radius:6px}
progress::-webkit-progress-value{background:var(--brand);border-radius:6px}
progress::-moz-progress-bar{background:var(--brand)}
.signin{max-width:440px;margin:56px auto;text-align:center}
.signin .card{padding:34px 32px}
.signin .brand-mark{width:48px;height:48px;font-size:17px;border-radius:12px;margin-bottom:12px}
.signin h1{font-size:23px}
.signin p{color:var(--muted)}
.btn-hubspot{background:#c2410c;border-color:#c2410c;color:#fff;font-size:15.5px;padding:11px 20px;margin-top:8px}
.btn-hubspot:hover{background:#9a3412;color:#fff}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;color:var(--muted);margin-top:8px}
.legend span{display:inline-flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px}
.swatch-current{background:#9fb3c8}.swatch-draft{background:#0b6e69}
.chart svg{max-width:100%;height:auto}
.stack > * + *{margin-top:10px}
dl.facts{display:grid;grid-template-columns:minmax(140px,max-content) 1fr;gap:6px 16px;margin:0}
dl.facts dt{color:var(--muted);font-size:13.5px}
dl.facts dd{margin:0;font-weight:560}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:820px){.score-ring{flex-wrap:wrap}.topbar-inner{padding:10px 16px}.page{padding:20px 16px 40px}.whoami{margin-left:0;width:100%}.whoami-text{display:none}h1{font-size:22px}}
/* Phones: tables marked .stackable become one card per row, each cell labelled by its data-label (issue 19). */
@media (max-width:640px){
.topbar-inner{gap:10px}.mainnav a{padding:6px 9px}.page-header{align-items:flex-start}
.card{padding:16px 14px}
th{white-space:normal}
.table-wrap:has(> table.stackable){overflow:visible;border:none;border-radius:0}
table.stackable thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.stackable,table.stackable tbody,table.stackable tr{display:block;width:100%}
table.stackable tr{border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:6px 12px;background:var(--surface)}
table.stackable td,table.stackable th[scope=row]{display:block;position:relative;border:none;padding:5px 0 5px 36%;min-height:30px;text-align:left;white-space:normal;overflow-wrap:anywhere;text-transform:none;letter-spacing:normal;font-size:14px;color:var(--text);background:none}
.table-wrap table.stackable td:first-child,.table-wrap table.stackable th:first-child{padding-left:36%}
table.stackable td[data-label]::before,table.stackable th[data-label]::before{content:attr(data-label);position:absolute;left:0;top:7px;width:33%;font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:650;overflow-wrap:anywhere}
table.stackable td:not([data-label]),.table-wrap table.stackable td:not([data-label]):first-child{padding-left:0}
table.stackable td.num{text-align:left}
.pager{flex-direction:column;align-items:flex-start}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:6px;overflow-wrap:anywhere}
.savebar .grow{min-width:100%}
}
.notice-actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:10px 0 0}
ul.plain-list{list-style:none;padding:0;margin:0}ul.plain-list li{margin:0 0 4px}
@media print{.topbar,.footer,.savebar,.page-actions{display:none}}
.session-warning:not([hidden]){position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:50;display:flex;gap:14px;align-items:center;max-width:min(640px,calc(100% - 32px));background:#fff7e6;border:1px solid #f0c36d;color:#5c3d00;border-radius:var(--radius);box-shadow:var(--shadow);padding:12px 16px}
.session-warning p{margin:0}
ul.plain{list-style:none;padding:0;margin:6px 0 0}
ul.plain li{margin:4px 0}

/* ── Criteria editor (views/criteria-*.view.ts, criteria-editor-script.ts) ── */
.editor-part{margin-bottom:26px}
.editor-part > h2{font-size:20px;margin:0 0 2px}
.editor-part > p{margin:0 0 14px}
.editor-part .section-title{font-size:17px;margin:0}
.row-item-head h4,.row-item-head h5{margin:0;font-size:14px}
details.editor-advanced > summary{cursor:pointer;display:flex;align-items:baseline;gap:12px;padding:12px 0;list-style-position:outside}
details.editor-advanced > summary h2{display:inline;font-size:20px;margin:0}
.section-nav-part a{font-weight:650;background:var(--brand-soft);border-color:#b9dedb}
.rule-row .row:has(> .field:only-child){max-width:260px}
.rule-row{padding:0 14px}
details.rule > summary{cursor:pointer;padding:10px 0;font-size:14px;line-height:1.4}
details.rule[open] > summary{font-weight:600;border-bottom:1px solid var(--line);margin-bottom:10px}
details.rule > summary:hover{color:var(--brand)}
.cb{border:1px solid var(--line);border-radius:8px;background:#fff;padding:10px 12px;margin-bottom:12px}
.cb-head{display:flex;align-items:center;gap:8px;font-weight:600;margin-bottom:8px}
.cb-head select{width:auto}
.cb-row{display:grid;grid-template-columns:minmax(180px,1.3fr) minmax(120px,.8fr) minmax(160px,1.4fr) auto;gap:8px;align-items:start;margin-bottom:8px}
.cb-row .field-error{grid-column:1/-1}
.cb-value{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.cb-choices{border:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px}
.cb-group{border-left:3px solid var(--brand);padding:6px 0 2px 10px;margin:4px 0 10px}
.cb-group > select{width:auto;margin-bottom:6px}
.cb-actions{display:flex;gap:8px;flex-wrap:wrap}
.cb-remove{white-space:nowrap;padding-top:8px}
.is-removed{opacity:.45}
.is-removed::after{content:"Removed when you save";display:block;color:var(--danger);font-size:12.5px;font-weight:600}
.owner-teams{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(260px,1fr))}
.owner-team{border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.owner-team legend{font-weight:650;font-size:13.5px;padding:0 4px}
.owner-team .btn{margin-bottom:6px}
table.mapping input{min-width:200px}
#added-row{outline:2px solid var(--brand);outline-offset:3px}
@media (max-width:820px){.cb-row{grid-template-columns:1fr}.rule-row .row{max-width:none}}
`;

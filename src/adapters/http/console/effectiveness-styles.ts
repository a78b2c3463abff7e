/**
 * The Effectiveness pages' own styles, kept apart from the shared console styles: the monthly
 * report prints on A4/Letter without the console's chrome, cards do not split across pages, and
 * charts keep their colours. Served in the console stylesheet (console-assets.ts).
 */
export const EFFECTIVENESS_CSS = `
.monthly-report .report-section{break-inside:avoid}
ul.suggestions li{margin:6px 0}
ul.suggestions .inline-form{display:inline}
@media print{
  @page{margin:14mm}
  body{background:#fff}
  .no-print,.monthly-report .page-actions,.notice-info{display:none}
  .monthly-report .card{box-shadow:none;border:1px solid #ccc;margin:0 0 10mm;break-inside:avoid}
  .monthly-report svg{print-color-adjust:exact;-webkit-print-color-adjust:exact;max-width:100%}
  .monthly-report table{font-size:10pt}
  .monthly-report a{color:inherit;text-decoration:none}
}
`;

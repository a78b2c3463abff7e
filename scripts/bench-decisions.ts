/**
 * Benchmark: decision agreement — the share of the labelled inquiries of
 * test/fixtures/decisions/agreement-set.json (written from the five playbooks, each with the
 * outcome, route and band a competent intake lead would choose) that the default criteria decide
 * the same way. Writes bench-results/decision-agreement.json (DESIGN.md §10).
 *
 *   npx tsx scripts/bench-decisions.ts
 */
import { installReferenceData } from '../src/adapters/reference/reference-data.loader';
import { writeBenchResult } from './bench/bench-result';
import { loadAgreementSet, measureAgreement } from './bench/decision-agreement';

const GOAL_AGREEMENT = 0.95;

installReferenceData();
const report = measureAgreement(loadAgreementSet());
writeBenchResult({
  name: 'decision-agreement',
  value: Number(report.agreement.toFixed(4)),
  unit: 'share',
  goal: GOAL_AGREEMENT,
  higherIsBetter: true,
  details: {
    labelled: report.total,
    matched: report.matched,
    firmLabels: report.firmTotal,
    firmMismatches: report.firmMismatches,
    otherMismatches: report.otherMismatches,
  },
});
if (report.firmMismatches.length > 0) process.exitCode = 1;

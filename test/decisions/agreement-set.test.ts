import { loadAgreementSet, measureAgreement, type LabelledInquiry } from '../../scripts/bench/decision-agreement';

/**
 * The agreement set (test/fixtures/decisions/agreement-set.json, built by build-agreement-set.py
 * from the five playbooks): the default criteria must agree with every firm label; the share of
 * all labels matched is the decision-agreement benchmark (scripts/bench-decisions.ts).
 */
describe('decision agreement with labelled inquiries', () => {
  const set = loadAgreementSet();

  it('when the agreement set is read, then it holds at least 250 labelled inquiries with unique ids, from all five playbooks', () => {
    expect(set.length).toBeGreaterThanOrEqual(250);
    expect(new Set(set.map((i) => i.id)).size).toBe(set.length);
    expect(new Set(set.map((i) => i.playbook))).toEqual(new Set(['000', '001', '002', '003', '004']));
  });

  it('when the default criteria qualify every labelled inquiry, then no firm label is contradicted', () => {
    const report = measureAgreement(set);
    expect(report.firmMismatches).toEqual([]);
    expect(report.firmTotal).toBeGreaterThan(set.length / 2);
  });

  it('when the share of all labels matched is measured, then it reaches the 0.95 goal', () => {
    expect(measureAgreement(set).agreement).toBeGreaterThanOrEqual(0.95);
  });

  it('when a firm label is changed to a decision the engine does not make, then the comparison reports it (the check can fail)', () => {
    const firm = set.find((i) => i.firm && i.label.outcome === 'disqualified')!;
    const wrong: LabelledInquiry = { ...firm, label: { outcome: 'care_ready', route: 'intake_call_now' } };
    const report = measureAgreement([wrong]);
    expect(report.firmMismatches.map((m) => m.id)).toEqual([firm.id]);
    expect(report.agreement).toBe(0);
  });
});

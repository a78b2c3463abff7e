import path from 'node:path';
import { BANDS, OUTCOMES, ROUTES } from '../../src/core';
import { parseProject, readJson, SRC_DIR, type ParseReport, type ParsedComponent } from './support/project';

interface OutputField { typeDefinition: { name: string; type: string; fieldType: string; options?: { value: string; label: string }[] } }
interface WorkflowActionConfig {
  actionUrl: string;
  isPublished: boolean;
  supportedClients: { client: string }[];
  objectTypes: string[];
  outputFields: OutputField[];
  labels: { en: { actionName: string; actionDescription: string; outputFieldLabels: Record<string, string> } };
}

let report: ParseReport;
beforeAll(() => {
  report = parseProject(path.dirname(SRC_DIR), 'production');
});
const actions = (): ParsedComponent[] => report.components.filter((c) => c.type === 'workflow-action');
const actionNamed = (name: string): WorkflowActionConfig => {
  const found = actions().map((c) => c.config as unknown as WorkflowActionConfig).find((c) => c.labels.en.actionName === name);
  if (!found) throw new Error(`no workflow action named ${name}`);
  return found;
};
const publicBaseUrl = readJson<{ variables: Record<string, string> }>(path.join(SRC_DIR, 'hsprofile.production.json')).variables.PUBLIC_BASE_URL;

describe('the CareQual workflow actions, read by HubSpot\'s own parser', () => {
  it('when HubSpot reads the project, then it finds "Qualify with CareQual" and "Re-check now" attached to the app, without problems', () => {
    expect(report.problems).toEqual([]);
    expect(actions().map((c) => (c.config as unknown as WorkflowActionConfig).labels.en.actionName).sort()).toEqual(['Qualify with CareQual', 'Re-check now']);
    const app = report.components.find((c) => c.type === 'app')!;
    for (const action of actions()) expect(action.dependsOnApp).toBe(app.uid);
  });

  it.each([
    ['Qualify with CareQual', '/workflow-actions/qualify'],
    ['Re-check now', '/workflow-actions/recheck'],
  ])('when a workflow runs "%s", then HubSpot calls %s on CareQual\'s public URL, for contacts, published to workflows', (name, route) => {
    const action = actionNamed(name);
    expect(action.actionUrl).toBe(`${publicBaseUrl}${route}`);
    expect(action.objectTypes).toEqual(['CONTACT']);
    expect(action.isPublished).toBe(true);
    expect(action.supportedClients).toEqual([{ client: 'WORKFLOWS' }]);
  });

  it.each(['Qualify with CareQual', 'Re-check now'])('when a workflow branches after "%s", then it can branch on outcome, band, score, route, respond-by and the safety flag', (name) => {
    const fields = Object.fromEntries(actionNamed(name).outputFields.map((f) => [f.typeDefinition.name, f.typeDefinition]));
    expect(Object.keys(fields).sort()).toEqual(['band', 'outcome', 'respond_by', 'route', 'safety_flag', 'score']);
    // The options are the core's codes, so a branch can match every value the action returns.
    expect(fields.outcome!.options!.map((o) => o.value)).toEqual([...OUTCOMES]);
    expect(fields.band!.options!.map((o) => o.value)).toEqual([...BANDS]);
    expect(fields.route!.options!.map((o) => o.value)).toEqual([...ROUTES]);
    expect(fields.score).toMatchObject({ type: 'number' });
    expect(fields.respond_by).toMatchObject({ type: 'datetime' });
    expect(fields.safety_flag).toMatchObject({ type: 'bool' });
    expect(Object.keys(actionNamed(name).labels.en.outputFieldLabels).sort()).toEqual(Object.keys(fields).sort());
  });
});

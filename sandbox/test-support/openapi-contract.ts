import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Where HubSpot's published specs live (override with HUBSPOT_OPENAPI_DIR). */
export const HUBSPOT_OPENAPI_DIR = process.env.HUBSPOT_OPENAPI_DIR ?? resolve(__dirname, '../../../shared/hubspot-openapi');

interface Operation { specId: string; file: string; template: string; method: string; regex: RegExp; params: number; doc: OpenApiOperation }
interface OpenApiOperation { responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>; requestBody?: { content?: Record<string, unknown> }; security?: Record<string, string[]>[] }
interface OpenApiDoc { paths: Record<string, Record<string, OpenApiOperation>>; components?: { responses?: Record<string, { content?: Record<string, unknown> }>; schemas?: Record<string, unknown> } }

const pointerSegment = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * HubSpot's OpenAPI specs as a contract: finds the operation for a method and concrete
 * path (the most specific template wins) and validates bodies with Ajv against the
 * operation's schema, resolving `$ref`s inside the spec document.
 *
 * One deliberate deviation: the specs type CRM `properties` values as string, but the live
 * API (and @hubspot/api-client's `string | null` model) sends null for requested
 * properties without a value, so those values are allowed to be null.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  private readonly operations: Operation[] = [];
  private readonly docs = new Map<string, OpenApiDoc>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir = HUBSPOT_OPENAPI_DIR) {
    addFormats(this.ajv);
    for (const sub of ['', '2026-03']) {
      const folder = join(dir, sub);
      for (const name of readdirSync(folder).filter((f) => f.endsWith('.json'))) this.addSpec(`${sub ? `${sub}/` : ''}${name}`, join(folder, name));
    }
    this.operations.sort((a, b) => a.params - b.params);
  }

  /** The operation serving `method path` (query string ignored); throws if the specs have none. */
  findOperation(method: string, path: string): Operation {
    const bare = path.split('?')[0]!;
    const op = this.operations.find((o) => o.method === method.toLowerCase() && o.regex.test(bare));
    if (!op) throw new Error(`No operation in HubSpot's specs for ${method.toUpperCase()} ${bare}`);
    return op;
  }

  /**
   * Asserts that `status` is an answer the operation declares (a listed code, or `default`
   * for errors) and that the body matches its schema. A 2xx that the operation does not
   * list is drift, except an empty answer to an operation that lists no 2xx at all.
   */
  assertResponse(method: string, path: string, status: number, body: unknown): void {
    const op = this.findOperation(method, path);
    const declared = op.doc.responses[String(status)];
    const listsSuccess = Object.keys(op.doc.responses).some((code) => code.startsWith('2'));
    if (!declared && status < 300 && listsSuccess) {
      throw new Error(`${op.file} ${op.method.toUpperCase()} ${op.template} declares ${Object.keys(op.doc.responses).join(', ')}, the sandbox answered ${status}`);
    }
    if (!declared && status < 300) {
      if (body !== undefined && body !== '') throw new Error(`${op.template}: undeclared ${status} must have no body`);
      return;
    }
    const key = declared ? String(status) : 'default';
    if (!op.doc.responses[key]) throw new Error(`${op.template} declares no ${status} and no default answer`);
    const pointer = this.responseSchemaPointer(op, key);
    if (!pointer) {
      if (body !== undefined && body !== '') throw new Error(`${op.template} ${key}: declared without content, got a body`);
      return;
    }
    this.validate(pointer, body, `${op.method.toUpperCase()} ${op.template} → ${status}`);
  }

  /** The OAuth scopes the operation's `security` accepts (any one of them suffices). */
  securityScopes(method: string, path: string): string[] {
    return [...new Set((this.findOperation(method, path).doc.security ?? []).flatMap((r) => r.oauth2 ?? []))];
  }

  /** Asserts that a JSON request body matches the operation's request schema. */
  assertRequest(method: string, path: string, body: unknown): void {
    const op = this.findOperation(method, path);
    const content = op.doc.requestBody?.content ?? {};
    const type = Object.keys(content)[0];
    if (!type) throw new Error(`${op.template} takes no request body`);
    const base = `${op.specId}#/paths/${pointerSegment(op.template)}/${op.method}/requestBody/content/${pointerSegment(type)}/schema`;
    this.validate(base, body, `request ${op.method.toUpperCase()} ${op.template}`);
  }

  private responseSchemaPointer(op: Operation, key: string): string | undefined {
    const response = op.doc.responses[key]!;
    const doc = this.docs.get(op.specId)!;
    let base = `/paths/${pointerSegment(op.template)}/${op.method}/responses/${key}`;
    let content = response.content;
    if (response.$ref) {
      const name = response.$ref.replace('#/components/responses/', '');
      base = `/components/responses/${pointerSegment(name)}`;
      content = doc.components?.responses?.[name]?.content;
    }
    const type = Object.keys(content ?? {}).find((t) => t === 'application/json') ?? Object.keys(content ?? {})[0];
    return type ? `${op.specId}#${base}/content/${pointerSegment(type)}/schema` : undefined;
  }

  private validate(ref: string, body: unknown, label: string): void {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (!validate(body)) {
      throw new Error(`${label} does not match HubSpot's schema:\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
    }
  }

  private addSpec(file: string, fullPath: string): void {
    const doc = JSON.parse(readFileSync(fullPath, 'utf8')) as OpenApiDoc;
    allowNullPropertyValues(doc);
    const specId = `hubspot-spec:${file}`;
    this.docs.set(specId, doc);
    this.ajv.addSchema({ ...doc, $id: specId } as object, specId);
    for (const [template, methods] of Object.entries(doc.paths ?? {})) {
      const source = template.split('/').map((seg) => (/^\{.+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.+?^$()|[\]\\]/g, '\\$&'))).join('/');
      const params = (template.match(/\{/g) ?? []).length;
      for (const [method, operation] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        this.operations.push({ specId, file, template, method, regex: new RegExp(`^${source}$`), params, doc: operation });
      }
    }
  }
}

function allowNullPropertyValues(doc: OpenApiDoc): void {
  for (const schema of Object.values(doc.components?.schemas ?? {}) as { properties?: Record<string, { additionalProperties?: { type?: unknown } }> }[]) {
    const values = schema.properties?.properties?.additionalProperties;
    if (values && values.type === 'string') values.type = ['string', 'null'];
  }
}

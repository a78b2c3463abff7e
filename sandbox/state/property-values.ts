import type { PropertyDefinition } from './standard-properties';

/** One reason a property value was refused, in the shape HubSpot reports per property. */
export interface PropertyValueProblem { name: string; error: string; message: string }

/**
 * Checks one value against its definition and returns the string HubSpot would store.
 * HubSpot keeps every value as a string: numbers as decimal text, datetimes as ISO-8601
 * (epoch milliseconds are accepted and converted), dates as YYYY-MM-DD at UTC midnight,
 * booleans as 'true'/'false', multi-checkbox values joined with ';'.
 */
export function normalizePropertyValue(def: PropertyDefinition, raw: unknown): { value: string } | { problem: PropertyValueProblem } {
  const name = def.name;
  if (raw === null || raw === undefined || raw === '') return { value: '' };
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  if (text === undefined) return { problem: { name, error: 'INVALID_PROPERTY_VALUE', message: `Property "${name}" must be a string` } };
  switch (def.type) {
    case 'number':
      return Number.isFinite(Number(text)) && text.trim() !== ''
        ? { value: text.trim() }
        : { problem: { name, error: 'INVALID_DECIMAL', message: `${text} was not a valid number.` } };
    case 'bool':
      return text === 'true' || text === 'false'
        ? { value: text }
        : { problem: { name, error: 'INVALID_BOOLEAN', message: `${text} was not a valid boolean (expected true or false).` } };
    case 'datetime':
      return normalizeDateTime(name, text);
    case 'date':
      return normalizeDate(name, text);
    case 'enumeration':
      return normalizeEnumeration(def, text);
    default:
      return { value: text };
  }
}

function normalizeDateTime(name: string, text: string): { value: string } | { problem: PropertyValueProblem } {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms)
    ? { value: new Date(ms).toISOString() }
    : { problem: { name, error: 'INVALID_DATETIME', message: `${text} was not a valid datetime.` } };
}

function normalizeDate(name: string, text: string): { value: string } | { problem: PropertyValueProblem } {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms) || ms % 86_400_000 !== 0) {
    return { problem: { name, error: 'INVALID_DATE', message: `${text} is not a valid date: it must be midnight UTC.` } };
  }
  return { value: new Date(ms).toISOString().slice(0, 10) };
}

function normalizeEnumeration(def: PropertyDefinition, text: string): { value: string } | { problem: PropertyValueProblem } {
  // Enumerations without declared options (owner ids, queues) accept any value, as HubSpot's
  // externally-backed enumerations do.
  if (def.options.length === 0) return { value: text };
  const allowed = new Set(def.options.map((o) => o.value));
  const values = def.fieldType === 'checkbox' ? text.split(';').filter((v) => v !== '') : [text];
  const bad = values.filter((v) => !allowed.has(v));
  if (bad.length > 0) {
    return {
      problem: {
        name: def.name,
        error: 'INVALID_OPTION',
        message: `${bad.join(', ')} was not one of the allowed options: [${[...allowed].join(', ')}]`,
      },
    };
  }
  return { value: values.join(';') };
}

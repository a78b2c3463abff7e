import { Router, type Request, type Response } from 'express';
import { conflictError, notFoundError, validationError } from '../hubspot-errors';
import { callerPortal, type SandboxContext } from '../sandbox-context';
import type { ObjectSchema } from '../state/crm-types';
import type { PropertyDefinition, PropertyGroupDefinition, PropertyOption, PropertyType } from '../state/standard-properties';
import { batchAnswer, batchError, batchInputs, resolveObjectType } from './crm-helpers';

/** Which field types HubSpot accepts for each property type. */
const FIELD_TYPES: Record<PropertyType, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  bool: ['booleancheckbox'],
  date: ['date'],
  datetime: ['date'],
  phone_number: ['phonenumber'],
};
const SENSITIVITY = ['non_sensitive', 'sensitive', 'highly_sensitive'];

/** Property and property-group routes, on `/crm/v3/properties` and `/crm/properties/2026-03`. */
export function createPropertyRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const schemaOf = (req: Request, res: Response): ObjectSchema => callerPortal(ctx, res).schemas[resolveObjectType(req.params.objectType)];
  router.get('/:objectType/groups', (req, res) => {
    res.json({ results: [...schemaOf(req, res).groups.values()].map(groupJson) });
  });
  router.post('/:objectType/groups', (req, res) => {
    const schema = schemaOf(req, res);
    const { name, label, displayOrder } = (req.body ?? {}) as Partial<PropertyGroupDefinition>;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name) || typeof label !== 'string') throw validationError('A property group needs a lower-case "name" and a "label".');
    if (schema.groups.has(name)) throw conflictError(`A property group named '${name}' already exists.`, name, 'PropertyGroupError.GROUP_ALREADY_EXISTS');
    const group = { name, label, displayOrder: Number.isInteger(displayOrder) ? Number(displayOrder) : -1, archived: false };
    schema.groups.set(name, group);
    res.status(201).json(groupJson(group));
  });
  router.get('/:objectType/groups/:groupName', (req, res) => res.json(groupJson(mustGroup(schemaOf(req, res), req.params.groupName!))));
  router.patch('/:objectType/groups/:groupName', (req, res) => {
    const group = mustGroup(schemaOf(req, res), req.params.groupName!);
    const { label, displayOrder } = (req.body ?? {}) as Partial<PropertyGroupDefinition>;
    if (typeof label === 'string') group.label = label;
    if (Number.isInteger(displayOrder)) group.displayOrder = Number(displayOrder);
    res.json(groupJson(group));
  });
  router.delete('/:objectType/groups/:groupName', (req, res) => {
    schemaOf(req, res).groups.delete(req.params.groupName!);
    res.status(204).end();
  });
  router.get('/:objectType', (req, res) => {
    const level = sensitivityFilter(req.query.dataSensitivity);
    res.json({ results: [...schemaOf(req, res).properties.values()].filter((p) => (p.dataSensitivity ?? 'non_sensitive') === level).map(propertyJson) });
  });
  router.post('/:objectType', (req, res) => {
    const property = createProperty(schemaOf(req, res), req.body, ctx.clock.isoNow());
    res.status(201).json(propertyJson(property));
  });
  router.post('/:objectType/batch/create', (req, res) => {
    const schema = schemaOf(req, res);
    const startedAt = ctx.clock.isoNow();
    const results = batchInputs(req.body).map((input) => propertyJson(createProperty(schema, input, startedAt)));
    const answer = batchAnswer(results as never[], [], startedAt, ctx.clock.isoNow(), 201);
    res.status(answer.status).json(answer.body);
  });
  router.post('/:objectType/batch/read', (req, res) => {
    const schema = schemaOf(req, res);
    const startedAt = ctx.clock.isoNow();
    const names = batchInputs<{ name?: string }>(req.body).map((i) => String(i?.name ?? ''));
    const found = names.flatMap((n) => schema.properties.get(n) ?? []);
    const missing = names.filter((n) => !schema.properties.has(n));
    const errors = missing.length ? [batchError('OBJECT_NOT_FOUND', 'Some properties do not exist.', { names: missing })] : [];
    const answer = batchAnswer(found.map(propertyJson) as never[], errors, startedAt, ctx.clock.isoNow(), 200);
    res.status(answer.status).json(answer.body);
  });
  router.get('/:objectType/:propertyName', (req, res) => res.json(propertyJson(mustProperty(schemaOf(req, res), req.params.propertyName!))));
  router.patch('/:objectType/:propertyName', (req, res) => {
    const schema = schemaOf(req, res);
    const property = mustProperty(schema, req.params.propertyName!);
    const patch = (req.body ?? {}) as Record<string, unknown>;
    // PropertyUpdate (crm-properties 2026-03) has no dataSensitivity: a property's sensitivity is set once, at creation.
    if (patch.dataSensitivity !== undefined) throw validationError('dataSensitivity cannot be changed after a property is created.', { errors: [{ message: 'unknown field', in: 'dataSensitivity' }] });
    updateProperty(schema, property, patch, ctx.clock.isoNow());
    res.json(propertyJson(property));
  });
  router.delete('/:objectType/:propertyName', (req, res) => {
    const schema = schemaOf(req, res);
    const property = mustProperty(schema, req.params.propertyName!);
    if (property.hubspotDefined) throw validationError(`${property.name} is a HubSpot default property and cannot be deleted.`);
    schema.properties.delete(property.name);
    res.status(204).end();
  });
  return router;
}

/**
 * `dataSensitivity` of a property list: the spec's parameter defaults to `non_sensitive`
 * (crm-properties 2026-03, GET /crm/properties/2026-03/{objectType}), so sensitive properties are
 * listed only when asked for explicitly.
 */
function sensitivityFilter(value: unknown): string {
  if (value === undefined) return 'non_sensitive';
  if (typeof value !== 'string' || !SENSITIVITY.includes(value)) throw validationError(`dataSensitivity must be one of ${SENSITIVITY.join(', ')}`);
  return value;
}

function mustGroup(schema: ObjectSchema, name: string): PropertyGroupDefinition {
  const group = schema.groups.get(name);
  if (!group) throw notFoundError(`Unable to find property group ${name}`);
  return group;
}

function mustProperty(schema: ObjectSchema, name: string): PropertyDefinition {
  const property = schema.properties.get(name);
  if (!property) throw notFoundError(`Unable to find property ${name}`);
  return property;
}

function createProperty(schema: ObjectSchema, body: unknown, nowIso: string): PropertyDefinition {
  const input = (body ?? {}) as Record<string, unknown>;
  const missing = ['name', 'label', 'type', 'fieldType', 'groupName'].filter((k) => typeof input[k] !== 'string' || input[k] === '');
  if (missing.length > 0) throw validationError(`Missing required fields: ${missing.join(', ')}`, { errors: missing.map((k) => ({ message: `${k} is required`, in: k, code: 'REQUIRED_FIELD' })) });
  const name = String(input.name);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw validationError(`Property name '${name}' is invalid: use lower-case letters, digits and underscores.`);
  if (schema.properties.has(name)) throw conflictError(`Property named '${name}' already exists.`, name, 'PropertyValidationError.PROPERTY_EXISTS');
  const property: PropertyDefinition = {
    name, label: String(input.label), type: 'string', fieldType: 'text', groupName: '', description: '', options: [], displayOrder: -1,
    hasUniqueValue: input.hasUniqueValue === true, hidden: false, formField: false, hubspotDefined: false, readOnlyValue: false,
    calculated: false, createdAt: nowIso, updatedAt: nowIso,
  };
  updateProperty(schema, property, input, nowIso);
  schema.properties.set(name, property);
  return property;
}

function updateProperty(schema: ObjectSchema, property: PropertyDefinition, input: Record<string, unknown>, nowIso: string): void {
  const type = (input.type ?? property.type) as PropertyType;
  const fieldType = String(input.fieldType ?? property.fieldType);
  if (!FIELD_TYPES[type]) throw validationError(`Invalid property type ${String(type)}`, { errors: [{ message: 'invalid type', in: 'type' }] });
  if (!FIELD_TYPES[type].includes(fieldType)) throw validationError(`fieldType ${fieldType} is not valid for a property of type ${type}`, { errors: [{ message: 'invalid fieldType', in: 'fieldType' }] });
  if (property.hubspotDefined && type !== property.type) throw validationError(`The type of HubSpot default property ${property.name} cannot be changed.`);
  const groupName = String(input.groupName ?? property.groupName);
  if (!schema.groups.has(groupName)) throw validationError(`Property group ${groupName} does not exist.`, { errors: [{ message: 'unknown group', in: 'groupName' }] });
  if (input.dataSensitivity !== undefined && !SENSITIVITY.includes(String(input.dataSensitivity))) throw validationError(`dataSensitivity must be one of ${SENSITIVITY.join(', ')}`);
  if (input.options !== undefined && !Array.isArray(input.options)) throw validationError('options must be an array');
  const options = Array.isArray(input.options) ? input.options.map(parseOption) : property.options;
  if (type === 'enumeration' && fieldType !== 'calculation_equation' && options.length === 0) throw validationError(`Enumeration property ${property.name} needs options.`);
  Object.assign(property, {
    type, fieldType, groupName, options,
    label: typeof input.label === 'string' ? input.label : property.label,
    description: typeof input.description === 'string' ? input.description : property.description,
    displayOrder: Number.isInteger(input.displayOrder) ? Number(input.displayOrder) : property.displayOrder,
    hidden: typeof input.hidden === 'boolean' ? input.hidden : property.hidden,
    formField: typeof input.formField === 'boolean' ? input.formField : property.formField,
    dataSensitivity: (input.dataSensitivity as PropertyDefinition['dataSensitivity']) ?? property.dataSensitivity,
    updatedAt: nowIso,
  });
}

function parseOption(raw: unknown, index: number): PropertyOption {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o.label !== 'string' || typeof o.value !== 'string') throw validationError('Each option needs a string label and value.', { errors: [{ message: 'invalid option', in: 'options' }] });
  return {
    label: o.label, value: o.value, hidden: o.hidden === true, displayOrder: Number.isInteger(o.displayOrder) ? Number(o.displayOrder) : index,
    ...(typeof o.description === 'string' ? { description: o.description } : {}),
  };
}

/** HubSpot's `Property` answer. */
export function propertyJson(p: PropertyDefinition): Record<string, unknown> {
  return {
    name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, description: p.description, groupName: p.groupName,
    options: p.options.map((o) => ({ ...o })), displayOrder: p.displayOrder, calculated: p.calculated, externalOptions: false,
    hasUniqueValue: p.hasUniqueValue, hidden: p.hidden, ...(p.hubspotDefined ? { hubspotDefined: true } : {}),
    modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined, readOnlyValue: p.readOnlyValue },
    formField: p.formField, createdAt: p.createdAt, updatedAt: p.updatedAt, archived: false,
    ...(p.dataSensitivity ? { dataSensitivity: p.dataSensitivity } : {}),
  };
}

function groupJson(g: PropertyGroupDefinition): Record<string, unknown> {
  return { name: g.name, label: g.label, displayOrder: g.displayOrder, archived: g.archived };
}

import { z } from 'zod';

/**
 * The parts of HubSpot's answers CareQual relies on, parsed at the boundary (2026-03 specs in
 * ../shared/hubspot-openapi/2026-03). Unknown members are ignored; a missing required member is
 * a bad response, not a crash deep inside a use case.
 */

/** `AccessTokenResponse` of POST /oauth/2026-03/token (authorization_code and refresh_token grants). */
export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive(),
  token_type: z.string().optional(),
  hub_id: z.number().int().positive().optional(),
  user_id: z.number().int().optional(),
  scopes: z.array(z.string()).optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** `ClientCredentialsTokenResponse`: the app-level token (webhooks journal). */
export const ClientCredentialsResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** `PublicUser` of the User Provisioning API (`GET /settings/v3/users/{userId}`): only what CareQual reads. */
export const PublicUserSchema = z.object({ id: z.string(), superAdmin: z.boolean().optional() });

/** `PublicAccessTokenInfoResponse` / `PublicRefreshTokenInfoResponse` of /oauth/2026-03/token/introspect. */
export const TokenInfoResponseSchema = z.object({
  active: z.boolean(),
  hub_id: z.number().int().positive(),
  user_id: z.number().int(),
  app_id: z.number().int().optional(),
  hub_domain: z.string().optional(),
  scopes: z.array(z.string()),
  token_use: z.string().optional(),
  expires_in: z.number().int().optional(),
});
export type TokenInfoResponse = z.infer<typeof TokenInfoResponseSchema>;

const PropertyOptionSchema = z.object({
  label: z.string(),
  value: z.string(),
  hidden: z.boolean().optional(),
  displayOrder: z.number().optional(),
  description: z.string().optional(),
});

/** `Property` as GET /crm/properties/2026-03/contacts lists it (the members bootstrap compares). */
export const PropertySchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string(),
  description: z.string().optional(),
  options: z.array(PropertyOptionSchema).default([]),
  hidden: z.boolean().optional(),
  dataSensitivity: z.string().optional(),
});
export type HubSpotProperty = z.infer<typeof PropertySchema>;

export const PropertyListSchema = z.object({ results: z.array(PropertySchema) });
export const PropertyGroupListSchema = z.object({ results: z.array(z.object({ name: z.string(), label: z.string() })) });

/** `SimplePublicObject`: id plus string-or-null property values. */
export const SimplePublicObjectSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()).default({}),
  archived: z.boolean().optional(),
  updatedAt: z.string().optional(),
  objectWriteTraceId: z.string().optional(),
});
export type SimplePublicObject = z.infer<typeof SimplePublicObjectSchema>;

/** `StandardError` inside a 207 batch answer. */
export const BatchErrorSchema = z.object({
  status: z.string().optional(),
  category: z.string(),
  message: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  errors: z.array(z.object({ message: z.string().optional(), in: z.string().optional(), code: z.string().optional() })).optional(),
});
export type BatchError = z.infer<typeof BatchErrorSchema>;

/** `BatchResponseSimplePublicObject(WithErrors)`. */
export const BatchResponseSchema = z.object({
  status: z.string(),
  results: z.array(SimplePublicObjectSchema),
  errors: z.array(BatchErrorSchema).optional(),
});

/** A contact read with `associations=tasks`: only the associated task ids are kept. */
export const ContactTaskAssociationsSchema = z.object({
  id: z.string(),
  associations: z.object({ tasks: z.object({ results: z.array(z.object({ id: z.string() })) }).optional() }).optional(),
});

const ForwardPagingSchema = z.object({ next: z.object({ after: z.string() }).optional() }).optional();

/** `CollectionResponse…ForwardPaging` (list) and `CollectionResponseWithTotal…` (search). */
export const ObjectPageSchema = z.object({
  results: z.array(SimplePublicObjectSchema),
  paging: ForwardPagingSchema,
  total: z.number().optional(),
});

/** `PublicOwner`. */
export const OwnerPageSchema = z.object({
  results: z.array(z.object({
    id: z.string(), email: z.string().optional(), userId: z.number().optional(), archived: z.boolean().optional(),
    firstName: z.string().optional(), lastName: z.string().optional(),
    teams: z.array(z.object({ id: z.string(), name: z.string(), primary: z.boolean().optional() })).optional(),
  })),
  paging: ForwardPagingSchema,
});

/** `JournalFetchResponse` items of the webhooks journal's batch endpoints. */
export const JournalBatchSchema = z.object({
  results: z.array(z.object({ currentOffset: z.string(), url: z.string(), expiresAt: z.string().optional() })),
});

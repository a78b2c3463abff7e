import type { PropertyDefinition, PropertyGroupDefinition } from './standard-properties';

/** CRM object types the sandbox serves. */
export type ObjectType = 'contacts' | 'tasks';

/** Who wrote a value: HubSpot's history `sourceType`/`sourceId` and webhook `changeSource`. */
export interface WriteSource {
  /** e.g. INTEGRATION (an app through the API), CRM_UI, FORM, API, IMPORT */
  sourceType: string;
  /** INTEGRATION: the app id; CRM_UI: `userId:<id>` */
  sourceId?: string;
  userId?: number;
  appId?: number;
}

/** One entry of a property's history, newest first (as in `propertiesWithHistory`). */
export interface HistoryEntry { value: string; timestamp: string; sourceType: string; sourceId?: string; updatedByUserId?: number }

/** A stored CRM record. Values are strings, as in HubSpot. */
export interface CrmRecord {
  id: string;
  objectType: ObjectType;
  properties: Map<string, string>;
  history: Map<string, HistoryEntry[]>;
  createdAtMs: number;
  updatedAtMs: number;
  archived: boolean;
  archivedAtMs?: number;
  /** associated object type → ids (e.g. a task's `contacts`) */
  associations: Map<string, Set<string>>;
}

/** A user of a simulated HubSpot account. */
export interface PortalUser {
  id: number; email: string; superAdmin: boolean; ownerId: string;
  /** "Marketplace Access" permission: with super admin, what lets a user install (authorize) apps. */
  marketplaceAccess: boolean;
}

/** A CRM owner (HubSpot's `PublicOwner`). */
export interface PortalOwner {
  id: string; email: string; firstName: string; lastName: string; userId: number;
  createdAt: string; updatedAt: string; archived: boolean; type: 'PERSON';
  /** HubSpot's `PublicTeam`s the owner can access; `primary` marks their main team. */
  teams: PortalTeam[];
}

/** A team of a simulated HubSpot account, as an owner lists it. */
export interface PortalTeam { id: string; name: string; primary: boolean }

/** Schema (properties + groups) of one object type in one portal. */
export interface ObjectSchema { properties: Map<string, PropertyDefinition>; groups: Map<string, PropertyGroupDefinition> }

/** What a per-portal validation rule is shown for each record write. */
export interface ValidationContext { portalId: number; objectType: ObjectType; objectId?: string; properties: Record<string, string> }

/** A validation rule's refusal; the write is answered with 400 VALIDATION_ERROR (or a 207 entry in a batch). */
export interface ValidationVerdict { message: string; propertyName?: string }

/**
 * A portal's own validation rule (HubSpot applies them to API writes from 2026-09):
 * return a verdict or message to refuse the write, undefined to accept it.
 */
export type ValidationRule = (ctx: ValidationContext) => ValidationVerdict | string | undefined;

/** HubSpot subscription tiers (the highest hub tier of the account). */
export type AccountTier = 'free' | 'starter' | 'professional' | 'enterprise';

/** What `createPortal` takes (defaults: Enterprise with Sensitive Data on, one super admin). */
export interface PortalOptions {
  portalId?: number;
  users?: { id?: number; email: string; superAdmin?: boolean; marketplaceAccess?: boolean; firstName?: string; lastName?: string; teams?: PortalTeam[] }[];
  intakeFormFields?: boolean;
  tier?: AccountTier;
  sensitiveData?: boolean;
}

/** A simulated HubSpot account. */
export interface Portal {
  portalId: number;
  /** Subscription tier: Sensitive Data exists only on Enterprise. */
  tier: AccountTier;
  /** The account's Sensitive Data setting (only effective on Enterprise). */
  sensitiveData: boolean;
  users: PortalUser[];
  owners: PortalOwner[];
  objects: Record<ObjectType, Map<string, CrmRecord>>;
  schemas: Record<ObjectType, ObjectSchema>;
  /** id of a contact merged away → id of the record it lives on */
  mergedInto: Map<string, string>;
  validationRule?: ValidationRule;
}

/** A change to the CRM that may become webhook events. */
export type CrmChange =
  | { kind: 'creation' | 'deletion' | 'privacyDeletion'; portalId: number; objectType: ObjectType; objectId: string; source: WriteSource }
  | { kind: 'propertyChange'; portalId: number; objectType: ObjectType; objectId: string; source: WriteSource; propertyName: string; propertyValue: string }
  | { kind: 'merge'; portalId: number; objectType: ObjectType; objectId: string; source: WriteSource; primaryObjectId: string; mergedObjectIds: string[]; newObjectId: string; numberOfPropertiesMoved: number };

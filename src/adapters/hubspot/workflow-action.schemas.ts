import { contactId, tenantId } from '../../app/ports/ids';
import { z } from 'zod';

/**
 * The body HubSpot POSTs to a custom workflow action's `actionUrl` (custom action reference,
 * "Execution": `callbackId`, `origin.portalId`, `context.workflowId`, `object.objectId` and
 * `objectType`, `inputFields`). Fields HubSpot adds later are ignored, not refused; what CareQual
 * relies on is checked. The body carries ids only (CareQual's actions take no input fields), so
 * nothing of it is PHI.
 */
export const WorkflowActionRequestSchema = z.object({
  callbackId: z.string().min(1).max(200),
  origin: z.object({
    portalId: z.number().int().positive().transform(tenantId),
    actionDefinitionId: z.union([z.number(), z.string()]).optional(),
    actionDefinitionVersion: z.number().optional(),
  }),
  context: z.object({ source: z.string().optional(), workflowId: z.union([z.number(), z.string()]).optional() }).optional(),
  object: z.object({
    objectId: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform((id) => contactId(String(id))),
    objectType: z.string(),
  }),
});
export type WorkflowActionRequestBody = z.infer<typeof WorkflowActionRequestSchema>;

/**
 * `hs_execution_state` values of an action's answer (custom action reference): SUCCESS continues
 * the workflow with the outputs, FAIL_CONTINUE records a failure and continues.
 */
export type WorkflowExecutionState = 'SUCCESS' | 'FAIL_CONTINUE';

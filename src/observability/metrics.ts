import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics. Labels are bounded enumerations (route templates, status
 * classes, event types, fates), never ids or values.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'carequal_' });
  const m = {
    registry,
    httpRequestDuration: new Histogram({
      name: 'carequal_http_request_duration_seconds',
      help: 'HTTP request duration by route template, method and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    webhookEvents: new Counter({
      name: 'carequal_webhook_events_total',
      help: 'Webhook events received, by event type and fate',
      labelNames: ['type', 'fate'] as const,
      registers: [registry],
    }),
    webhookAckDuration: new Histogram({
      name: 'carequal_webhook_ack_duration_seconds',
      help: 'Time from receiving a webhook delivery to answering it',
      labelNames: ['status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'carequal_job_duration_seconds',
      help: 'Job processing time by queue and result',
      labelNames: ['queue', 'result'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    hubspotCalls: new Counter({
      name: 'carequal_hubspot_calls_total',
      help: 'Calls to HubSpot by operation and status code',
      labelNames: ['operation', 'status'] as const,
      registers: [registry],
    }),
    rateLimitWaits: new Counter({
      name: 'carequal_rate_limit_waits_total',
      help: 'Times a job waited for the per-portal HubSpot budget',
      registers: [registry],
    }),
    tokenRefreshes: new Counter({
      name: 'carequal_token_refreshes_total',
      help: 'OAuth token refreshes by result',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    auditAppends: new Counter({
      name: 'carequal_audit_appends_total',
      help: 'Audit entries appended',
      registers: [registry],
    }),
    auditTamperAlarms: new Counter({
      name: 'carequal_audit_tamper_alarms_total',
      help: 'Tamper alarms raised by audit appends (rows found stored past a chain head), by problem',
      labelNames: ['problem'] as const,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'carequal_queue_depth',
      help: 'Jobs waiting or delayed, by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
    }),
    queueOldestWaitingAge: new Gauge({
      name: 'carequal_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting to be taken (0 when none waits), by queue',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    contactsQualified: new Counter({
      name: 'carequal_contacts_qualified_total',
      help: 'Contacts qualified, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    contactWrites: new Counter({
      name: 'carequal_contact_writes_total',
      help: 'Contacts after a qualify job, by fate: written, unchanged (no write sent), failed, missing',
      labelNames: ['fate'] as const,
      registers: [registry],
    }),
    contactWriteRefusals: new Counter({
      name: 'carequal_contact_write_refusals_total',
      help: 'Contacts HubSpot refused to write (isolated from their batch), by code: hubspot.validation_error, hubspot.not_found',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    workflowActions: new Counter({
      name: 'carequal_workflow_action_executions_total',
      help: 'Workflow action executions answered, by action (qualify, recheck) and answer: SUCCESS, FAIL_CONTINUE, or the HTTP status (401, 400, 429, 5xx)',
      labelNames: ['action', 'answer'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;

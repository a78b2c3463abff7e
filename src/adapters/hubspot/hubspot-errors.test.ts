import { HUBSPOT_ERROR_CODES, toHubSpotError } from './hubspot-errors';

/** A 400 as HubSpot sends it for a batch update with a bad value (shape from HubSpot's error-handling docs). */
const VALIDATION_400 = {
  status: 'error',
  message: 'Property values were not valid: [{"isValid":false,"message":"jane.doe@example.com is not a valid email address","error":"INVALID_EMAIL","name":"email"}]',
  correlationId: 'c0ffee00-0000-4000-8000-0000000000aa',
  category: 'VALIDATION_ERROR',
  errors: [{ message: 'jane.doe@example.com is not a valid email address', code: 'INVALID_EMAIL', in: 'email', context: { propertyName: ['email'] } }],
  context: { propertyName: ['email'] },
};

describe('toHubSpotError', () => {
  it.each([
    [429, HUBSPOT_ERROR_CODES.rateLimited, true],
    [423, HUBSPOT_ERROR_CODES.locked, true],
    [477, HUBSPOT_ERROR_CODES.migrationInProgress, true],
    [502, HUBSPOT_ERROR_CODES.unavailable, true],
    [401, HUBSPOT_ERROR_CODES.unauthorized, false],
    [403, HUBSPOT_ERROR_CODES.forbidden, false],
    [404, HUBSPOT_ERROR_CODES.notFound, false],
    [409, HUBSPOT_ERROR_CODES.conflict, false],
    [400, HUBSPOT_ERROR_CODES.validation, false],
  ])('when HubSpot answers %i, then the error is %s (retryable: %s)', (status, code, retryable) => {
    const error = toHubSpotError('contacts.batchUpdate', status, { status: 'error', category: 'X' }, undefined);
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code, retryable });
  });

  it('when a 400 quotes a submitted value, then neither the error, its message nor its JSON carries the value; names, codes and the correlation id stay', () => {
    const error = toHubSpotError('contacts.batchUpdate', 400, VALIDATION_400, undefined);
    const seen = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
    expect(seen).not.toContain('jane.doe');
    expect(error.hubspot).toEqual({
      status: 400, category: 'VALIDATION_ERROR', correlationId: VALIDATION_400.correlationId,
      propertyNames: ['email'], errorCodes: ['INVALID_EMAIL'], message: undefined, policyName: undefined, oauthError: undefined,
    });
  });

  it('when a 429 explains the limit, then its message is kept for operators and the policy sets the wait', () => {
    const error = toHubSpotError('contacts.batchRead', 429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', policyName: 'TEN_SECONDLY_ROLLING' }, undefined);
    expect(error.hubspot.message).toBe('You have reached your ten_secondly_rolling limit.');
    expect(error.retryAfterMs).toBe(1_000);
  });
});

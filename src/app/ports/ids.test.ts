import { AppError } from '../errors';
import { contactId, isContactId, tenantId } from './ids';

describe('ids', () => {
  it('when a contact id is a decimal string the CRM gave, then contactId returns it unchanged', () => {
    expect(contactId('151')).toBe('151');
    expect(contactId('12345678901234567890')).toBe('12345678901234567890');
  });

  it.each([[''], ['abc'], ['12a'], [' 151'], ['-1'], ['1.5'], ['123456789012345678901'], ['jane@example.com']])(
    'when a contact id is %p, then contactId throws AppError contact.invalid_id without quoting it',
    (value) => {
      const error = (() => { try { contactId(value); } catch (e) { return e; } return undefined; })();
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'contact.invalid_id' });
      if (value) expect((error as Error).message).not.toContain(value);
    },
  );

  it('when a console filter is checked, then isContactId agrees with contactId', () => {
    expect(isContactId('151')).toBe(true);
    expect(isContactId('15 1')).toBe(false);
  });

  it('when a tenant id is not a positive safe integer, then tenantId throws AppError tenant.invalid_id', () => {
    expect(tenantId(42)).toBe(42);
    expect(() => tenantId(0)).toThrow(expect.objectContaining({ code: 'tenant.invalid_id' }));
  });
});

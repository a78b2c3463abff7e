import { enrichEmail } from './email.enrichment';

describe('enrichEmail', () => {
  it.each([
    ['dana.whitfield@gmail.com', { status: 'valid', disposable: false, role: false, test: false }],
    ['Dana.Whitfield+intake@Example-Health.org', { status: 'valid', disposable: false, role: false, test: false }],
    ['someone@mailinator.com', { status: 'valid', disposable: true, role: false, test: false }],
    ['someone@inbox.mailinator.com', { status: 'valid', disposable: true, role: false, test: false }],
    ['info@smithfamilydental.com', { status: 'valid', disposable: false, role: true, test: false }],
    ['admin+forms@clinic.com', { status: 'valid', disposable: false, role: true, test: false }],
    ['test@test.com', { status: 'valid', disposable: false, role: false, test: true }],
    ['jane@example.com', { status: 'valid', disposable: false, role: false, test: true }],
    ['test@gmail.com', { status: 'valid', disposable: false, role: false, test: true }],
    ['dana@@gmail.com', { status: 'invalid', disposable: false, role: false, test: false }],
    ['dana.gmail.com', { status: 'invalid', disposable: false, role: false, test: false }],
    ['dana@gmail', { status: 'invalid', disposable: false, role: false, test: false }],
    ['.dana@gmail.com', { status: 'invalid', disposable: false, role: false, test: false }],
    ['   ', { status: 'missing', disposable: false, role: false, test: false }],
    [undefined, { status: 'missing', disposable: false, role: false, test: false }],
  ])('when the email is %p, then it is %p', (raw, expected) => {
    expect(enrichEmail(raw)).toEqual(expected);
  });
});

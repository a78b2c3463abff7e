/**
 * Every test file runs with real outbound networking disabled: HTTP may only reach this
 * machine (the local HubSpot sandbox, the app under test). A request to anywhere else fails
 * loudly instead of leaking to the internet.
 */
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

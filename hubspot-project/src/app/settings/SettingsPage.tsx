import React from 'react';
import {
  Alert,
  Button,
  Divider,
  Flex,
  Heading,
  Link,
  List,
  Text,
  hubspot,
  useExtensionContext,
} from '@hubspot/ui-extensions';

/**
 * CareQual's settings page inside HubSpot: what CareQual adds to the account, and the way
 * into the console, where install health, criteria and the audit log live.
 *
 * Why it does not fetch install health itself (GET /api/hubspot/settings-status): HubSpot
 * forbids hubspot.fetch() for any app that holds Sensitive Data scopes ("Apps with Sensitive
 * Data scopes cannot use hubspot.fetch()", app cards overview), and CareQual declares those
 * scopes (optional) for practices under HubSpot's BAA. The restriction is per app, not per
 * extension, so even this page (which is not on a contact record) may not call out, and the
 * app's permittedUrls.fetch stays empty. Health is one click away in the console instead.
 */
hubspot.extend<'settings'>(() => <SettingsPage />);

export function SettingsPage() {
  const context = useExtensionContext<'settings'>();
  const publicBaseUrl = context.variables?.PUBLIC_BASE_URL;
  const portalId = context.portal.id;

  return (
    <Flex direction="column" gap="md">
      <Text testId="installed">
        CareQual is installed in this HubSpot account (ID {String(portalId)}). It scores new patient inquiries
        moments after they arrive and writes the result onto the contact.
      </Text>
      {typeof publicBaseUrl === 'string' ? (
        <ConsoleSections publicBaseUrl={publicBaseUrl} portalId={portalId} />
      ) : (
        <Alert title="The CareQual console address is missing" variant="warning" testId="console-missing">
          This CareQual build was uploaded without its PUBLIC_BASE_URL. Contact CareQual support.
        </Alert>
      )}
      <Divider />
      <SetupSteps />
      <Divider />
      <Heading>What CareQual adds to HubSpot</Heading>
      <List variant="unordered-styled" testId="what-it-adds">
        <Text>A CareQual property group on contacts: score, band, outcome, reasons, missing info and respond-by time</Text>
        <Text>A call task for every care-ready inquiry</Text>
        <Text>The CareQual card in the right sidebar of contact records: the result at a glance, beside the contact</Text>
      </List>
    </Flex>
  );
}

/**
 * The first-time setup, in order. The card's place is the contact record's right sidebar
 * (location crm.record.sidebar); HubSpot lets a Super Admin place app cards through record
 * customization, so step 3 says where.
 */
function SetupSteps() {
  return (
    <>
      <Heading>Set up CareQual</Heading>
      <List variant="ordered-styled" testId="setup-steps">
        <Text>Open the CareQual console and set up your practice: service lines, locations, accepted insurance and hours.</Text>
        <Text>Try a lead and simulate your draft on recent contacts, then publish it.</Text>
        <Text>
          Show the CareQual card on contact records: in HubSpot, go to Settings › Objects › Contacts › Record
          customization, open the right sidebar of the default view, choose Add cards and pick CareQual.
        </Text>
        <Text>Re-score all contacts from the console, so existing inquiries get a result too.</Text>
      </List>
    </>
  );
}

function ConsoleSections({ publicBaseUrl, portalId }: { publicBaseUrl: string; portalId: number }) {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const query = `portalId=${encodeURIComponent(String(portalId))}`;
  return (
    <>
      <Heading>Install health</Heading>
      <Text>
        The CareQual console shows the live state of this install: the connection to HubSpot, the CareQual
        properties, webhook deliveries and queue, recent errors and API rate-limit use.
      </Text>
      <Button variant="primary" href={{ url: `${base}/console/health?${query}`, external: true }} testId="health-link">
        Check install health in the console
      </Button>
      <Heading>Criteria and audit log</Heading>
      <Text>
        Set service lines, locations, accepted insurance, points, thresholds and response times, try a lead,
        preview a change before publishing it, and review or export the audit log.
      </Text>
      <Link href={{ url: `${base}/console?${query}`, external: true }} testId="console-link">
        Open the CareQual console
      </Link>
    </>
  );
}

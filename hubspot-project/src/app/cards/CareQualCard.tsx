import React, { useEffect, useState } from 'react';
import {
  Alert,
  DescriptionList,
  DescriptionListItem,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Link,
  List,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  StatusTag,
  Tag,
  Text,
  hubspot,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { CrmPropertyList, useCrmProperties } from '@hubspot/ui-extensions/crm';
import {
  CAREQUAL_PROPERTIES,
  type CareQualResult,
  consoleUrl,
  describeCareQualResult,
  hasCareQualResult,
  intakeOutcomeProperties,
  type RawProperties,
} from './carequal-result.ts';

/**
 * The CareQual card on the contact record: who to call first and why.
 *
 * It reads the carequal_* properties through HubSpot's CRM property hook, never through
 * hubspot.fetch(): apps that hold Sensitive Data scopes may not use hubspot.fetch() at all
 * (HubSpot app cards overview, "Sensitive Data scopes"), and the hook also refreshes the card
 * live when CareQual writes a new result.
 */
hubspot.extend<'crm.record.sidebar'>(() => <CareQualCard />);

const RELATIVE_TIME_REFRESH_MS = 30_000;

export interface CareQualCardProps {
  /** The clock; tests pass a fixed one. */
  now?: () => number;
}

export function CareQualCard({ now = Date.now }: CareQualCardProps) {
  const context = useExtensionContext<'crm.record.sidebar'>();
  const { properties, isLoading, error } = useCrmProperties(CAREQUAL_PROPERTIES);
  const nowMs = useTickingClock(now);
  const publicBaseUrl = context.variables?.PUBLIC_BASE_URL;
  const consoleHref = typeof publicBaseUrl === 'string' ? consoleUrl(publicBaseUrl, context.portal.id) : undefined;

  if (isLoading) return <LoadingSpinner label="Loading CareQual result" layout="centered" />;
  if (error) {
    return (
      <ErrorState title="CareQual's result could not be loaded">
        <Text>Reload the page to try again. The score is also in the contact's CareQual properties.</Text>
      </ErrorState>
    );
  }
  if (!hasCareQualResult(properties)) return <NotScoredYet consoleHref={consoleHref} />;

  const result = describeCareQualResult(properties, {
    nowMs,
    timeZone: context.portal.timezone,
    locale: context.user.locale,
  });
  return <ResultView result={result} consoleHref={consoleHref} properties={properties} />;
}

function ResultView({ result, consoleHref, properties }: { result: CareQualResult; consoleHref?: string; properties: RawProperties }) {
  return (
    <Flex direction="column" gap="md">
      {result.safetyAlert && (
        <Alert title="Possible emergency — review now" variant="danger" testId="safety-alert">
          {`CareQual found words that may describe an emergency (${result.safetyAlert.slice('possible emergency: '.length)}). A clinician should read the inquiry and contact the patient now.`}
        </Alert>
      )}
      <Flex direction="row" gap="sm" wrap="wrap" align="center">
        <StatusTag variant={result.outcome.variant} testId="outcome">{result.outcome.label}</StatusTag>
        {result.band && <Tag variant={result.band.variant} testId="band">{result.band.label}</Tag>}
      </Flex>
      {result.why && <Text testId="why">{result.why}</Text>}
      {result.score !== undefined && (
        <Statistics>
          <StatisticsItem label="CareQual score" number={`${result.score} / 100`} testId="score" />
          {result.dimensions.map((dimension) => (
            <StatisticsItem key={dimension.label} label={dimension.label} number={dimension.score} />
          ))}
        </Statistics>
      )}
      <DescriptionList direction="row">
        {result.respondBy && (
          <DescriptionListItem label="Respond by">
            <RespondBy respondBy={result.respondBy} />
          </DescriptionListItem>
        )}
        {result.nextStep && (
          <DescriptionListItem label="Next step">
            <Text testId="next-step">{result.nextStep}</Text>
          </DescriptionListItem>
        )}
        {result.recheckOn && (
          <DescriptionListItem label="Re-check on">
            <Text testId="recheck-on">{result.recheckOn}</Text>
          </DescriptionListItem>
        )}
      </DescriptionList>
      {result.reasons.length > 0 && (
        <TitledList title="Why" items={result.reasons} testId="reasons" />
      )}
      {result.missingInfo.length > 0 && (
        <TitledList title="Still to ask" items={result.missingInfo} testId="missing-info" />
      )}
      <Divider />
      <IntakeOutcome properties={properties} />
      <Divider />
      <Footer result={result} consoleHref={consoleHref} />
    </Flex>
  );
}

/**
 * One-click intake disposition (issue 20): HubSpot's own property list, edited in place and saved
 * by HubSpot under the user's permissions (CrmPropertyList: "You can edit these property values
 * inline"), with the change in the contact's property history. Not a button calling CareQual:
 * UI extensions 0.17 have no action that writes a property, and apps with Sensitive Data scopes,
 * as CareQual is, may not use hubspot.fetch() (HubSpot app cards overview, "Sensitive Data scopes").
 */
function IntakeOutcome({ properties }: { properties: RawProperties }) {
  return (
    <Flex direction="column" gap="xs">
      <Text format={{ fontWeight: 'demibold' }}>Intake outcome</Text>
      <Text variant="microcopy">Set what happened when intake worked this inquiry; HubSpot saves it as you choose. CareQual learns from it which leads became patients.</Text>
      <CrmPropertyList properties={intakeOutcomeProperties(properties)} direction="row" testId="intake-outcome" />
    </Flex>
  );
}

function RespondBy({ respondBy }: { respondBy: NonNullable<CareQualResult['respondBy']> }) {
  const when = respondBy.isPast ? `Overdue — was due ${respondBy.relative}` : respondBy.relative;
  return (
    <Flex direction="column" gap="flush">
      <Text format={{ fontWeight: 'bold' }} testId="respond-by-relative">{when}</Text>
      <Text variant="microcopy" testId="respond-by-absolute">{respondBy.absolute}</Text>
    </Flex>
  );
}

function TitledList({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  return (
    <Flex direction="column" gap="xs">
      <Text format={{ fontWeight: 'demibold' }}>{title}</Text>
      <List variant="unordered-styled" testId={testId}>
        {items.map((item) => (
          <Text key={item}>{item}</Text>
        ))}
      </List>
    </Flex>
  );
}

function Footer({ result, consoleHref }: { result: CareQualResult; consoleHref?: string }) {
  const scored = [
    result.scoredAt && `Scored ${result.scoredAt.relative} (${result.scoredAt.absolute})`,
    result.rulesVersion && `criteria ${result.rulesVersion}`,
  ].filter(Boolean);
  return (
    <Flex direction="column" gap="xs">
      {scored.length > 0 && <Text variant="microcopy" testId="scored">{scored.join(' · ')}</Text>}
      <ConsoleLink consoleHref={consoleHref}>Open the CareQual console</ConsoleLink>
    </Flex>
  );
}

function NotScoredYet({ consoleHref }: { consoleHref?: string }) {
  return (
    <EmptyState title="Not scored by CareQual yet" layout="vertical" imageName="building">
      <Text>
        CareQual scores new patient inquiries moments after they arrive. This contact has no result yet,
        for example because it was created before CareQual was installed.
      </Text>
      <ConsoleLink consoleHref={consoleHref}>Re-score contacts in the CareQual console</ConsoleLink>
    </EmptyState>
  );
}

function ConsoleLink({ consoleHref, children }: { consoleHref?: string; children: string }) {
  if (!consoleHref) {
    return <Text variant="microcopy" testId="console-missing">Ask your HubSpot admin for the CareQual console address.</Text>;
  }
  return (
    <Link href={{ url: consoleHref, external: true }} testId="console-link">
      {children}
    </Link>
  );
}

/** Re-renders every 30 s so "in 12 minutes" does not go stale while the record stays open. */
function useTickingClock(now: () => number): number {
  const [nowMs, setNowMs] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setNowMs(now()), RELATIVE_TIME_REFRESH_MS);
    return () => clearInterval(timer);
  }, [now]);
  return nowMs;
}

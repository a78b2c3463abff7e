/**
 * The few pages a browser sees during install: small, accessible, self-contained (no external
 * assets, inline style only) and built from fixed text: nothing from the request is echoed.
 */

export interface OAuthPage {
  status: number;
  title: string;
  body: string;
}

const RETRY = '<p><a href="/oauth/install">Start the install again</a></p>';

/** The page for an install error code; unknown codes get the generic one. */
export function pageForInstallError(code: string): OAuthPage {
  switch (code) {
    case 'oauth.state_invalid':
      return { status: 400, title: 'This install link is no longer valid', body: '<p>The link was already used, has expired (after 10 minutes), or was opened in a different browser than the one that started the install.</p>' + RETRY };
    case 'oauth.access_denied':
      return { status: 400, title: 'CareQual was not installed', body: '<p>The install was cancelled in HubSpot, so CareQual has no access to your account. Nothing was changed.</p>' + RETRY };
    case 'oauth.authorization_failed':
    case 'oauth.code_missing':
      return { status: 400, title: 'HubSpot did not authorise the install', body: '<p>HubSpot ended the install without granting access. Nothing was changed.</p>' + RETRY };
    case 'oauth.code_invalid':
      return { status: 400, title: 'This install link is no longer valid', body: '<p>HubSpot did not accept the authorization code: it was already used, has expired, or did not come from HubSpot. Nothing was stored.</p>' + RETRY };
    case 'oauth.exchange_failed':
      return { status: 502, title: 'HubSpot did not confirm the install', body: '<p>We could not confirm the install with HubSpot. Nothing was stored. Please try again in a minute.</p>' + RETRY };
    case 'install.bootstrap_failed':
      return { status: 502, title: 'CareQual could not finish setting up', body: '<p>We could not create CareQual\'s fields in your HubSpot account. Nothing was stored, and installing again is safe.</p>' + RETRY };
    default:
      return { status: 500, title: 'Something went wrong', body: '<p>The install did not complete because of an error on our side. Nothing was stored. Please try again.</p>' + RETRY };
  }
}

/**
 * After an install HubSpot's marketplace started without a way back: the install is done, but
 * nobody is signed in (that path never signs a browser in), so the admin signs in themselves.
 */
export const INSTALLED_FROM_MARKETPLACE: OAuthPage = {
  status: 200,
  title: 'CareQual is installed',
  body: '<p>CareQual is installed in your HubSpot account and is scoring new contacts with its starting criteria.</p>'
    + '<p>To set up your practice\'s criteria, sign in to the CareQual console with HubSpot.</p>'
    + '<p><a href="/console/sign-in">Sign in to the CareQual console</a></p>'
    + '<p><a href="/setup-guide">Read the setup guide</a></p>',
};

/** A complete HTML document around fixed text. */
export function renderPage(page: OAuthPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} — CareQual</title>
</head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2933;">
<main>
<h1 style="font-size: 1.5rem;">${page.title}</h1>
${page.body}
</main>
</body>
</html>
`;
}

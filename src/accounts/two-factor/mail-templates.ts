/** @module The second factor's notices: turned on, turned off, new recovery codes, a recovery code used. */

/** How one notice reads (the shape of the account mails' templates). */
interface NoticeTemplate {
  readonly subject: (app: string) => string;
  readonly before: (app: string) => readonly string[];
  readonly after: (validFor: string) => readonly string[];
}

const IF_NOT_YOU = 'If you did not do this, change your password at once and check your account.';

/** The notice templates of the two-factor flows. */
export const TWO_FACTOR_TEMPLATES = {
  'two-factor-enabled': {
    subject: (app) => `Two-factor authentication is on for your ${app} account`,
    before: (app) => [
      `Two-factor authentication was just turned on for your ${app} account: logging in now asks for a code from your authenticator app.`,
      'Keep your recovery codes somewhere safe; each works once if you lose the app.',
      IF_NOT_YOU,
    ],
    after: () => [],
  },
  'two-factor-disabled': {
    subject: (app) => `Two-factor authentication is off for your ${app} account`,
    before: (app) => [
      `Two-factor authentication was just turned off for your ${app} account: logging in now asks only for the password.`,
      IF_NOT_YOU,
    ],
    after: () => [],
  },
  'recovery-codes-new': {
    subject: (app) => `New recovery codes for your ${app} account`,
    before: (app) => [
      `New recovery codes were just made for your ${app} account; the earlier ones no longer work.`,
      IF_NOT_YOU,
    ],
    after: () => [],
  },
  'recovery-code-used': {
    subject: (app) => `A recovery code was used to log in to your ${app} account`,
    before: (app) => [
      `Someone just logged in to your ${app} account with one of its recovery codes; that code no longer works.`,
      'If you have lost your authenticator app, set up two-factor authentication again to get a new secret and new codes.',
      IF_NOT_YOU,
    ],
    after: () => [],
  },
} satisfies Record<string, NoticeTemplate>;

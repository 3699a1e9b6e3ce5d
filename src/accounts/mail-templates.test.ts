/** @module The account mails: subject, text and HTML parts, every value escaped. */
import { describe, expect, it } from 'vitest';
import { composeMail, describeDuration, escapeHtml } from './mail-templates.js';
import type { MailKind } from './types.js';

const KINDS: MailKind[] = [
  'confirm',
  'register-taken',
  'reset',
  'password-changed',
  'email-change',
  'email-changed',
];

describe('mail templates', () => {
  it.each(KINDS)('the %s mail has a subject, a text part and an HTML part', (kind) => {
    const mail = composeMail(kind, 'a@example.com', {
      appName: 'Acme',
      link: 'https://acme.test/x',
      validFor: '1 hour',
    });
    expect(mail).toMatchObject({
      kind,
      to: 'a@example.com',
      subject: expect.stringContaining('Acme'),
    });
    expect(mail.text.length).toBeGreaterThan(20);
    expect(mail.html).toMatch(/^<p>/);
  });

  it('escapes every value in the HTML part, the link included', () => {
    const mail = composeMail('email-change', 'a@example.com', {
      appName: '<script>alert(1)</script>',
      link: 'https://acme.test/reset/a"b<c>',
      validFor: '1 hour',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('href="https://acme.test/reset/a&quot;b&lt;c&gt;"');
    expect(mail.text).toContain('https://acme.test/reset/a"b<c>');
  });

  it('puts the link on a line of its own in the text part, with its lifetime', () => {
    const mail = composeMail('confirm', 'a@example.com', {
      appName: 'Acme',
      link: 'https://acme.test/c/t',
      validFor: '24 hours',
    });
    expect(mail.text.split('\n')).toContain('https://acme.test/c/t');
    expect(mail.text).toContain('expires in 24 hours');
  });

  it('escapeHtml() escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('describeDuration() says lifetimes the way people do', () => {
    expect(describeDuration(24 * 3_600_000)).toBe('24 hours');
    expect(describeDuration(3_600_000)).toBe('1 hour');
    expect(describeDuration(3 * 86_400_000)).toBe('3 days');
    expect(describeDuration(90 * 60_000)).toBe('90 minutes');
    expect(describeDuration(30_000)).toBe('30 seconds');
  });
});

/** @module The test mail parser against what nodemailer really writes. */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, decodeQuotedPrintable, parseMail } from './mime.js';

async function compose(message: SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({ from: 'no-reply@latchkey.test', ...message });
  return (info.message as Buffer).toString('utf8');
}

describe('the test mail parser', () => {
  it('reads back the text and HTML parts nodemailer writes, long links and non-ASCII included', async () => {
    const link = `http://127.0.0.1:4321/auth/confirm/${'A'.repeat(22)}.${'b_-'.repeat(14)}x`;
    const raw = await compose({
      to: 'zoe@example.test',
      subject: 'Confirm your address ✓ — a subject long enough to be folded over several lines',
      text: `Hello Zoë,\n\nopen ${link} to confirm.\n${'x'.repeat(200)}`,
      html: `<p>Hello Zoë, <a href="${link}?a=1&amp;b=2">confirm</a></p>`,
    });
    const mail = parseMail(raw);
    expect(mail.subject).toBe(
      'Confirm your address ✓ — a subject long enough to be folded over several lines',
    );
    expect(mail.partTypes).toEqual(['text/plain', 'text/html']);
    expect(mail.text).toBe(`Hello Zoë,\n\nopen ${link} to confirm.\n${'x'.repeat(200)}`);
    expect(mail.html).toBe(`<p>Hello Zoë, <a href="${link}?a=1&amp;b=2">confirm</a></p>`);
  });

  it('decodes base64 parts', async () => {
    const raw = await compose({
      to: 'zoe@example.test',
      subject: 'plain',
      text: 'Grüße',
      html: '<b>Grüße</b>',
      textEncoding: 'base64',
    });
    expect(parseMail(raw)).toMatchObject({ text: 'Grüße', html: '<b>Grüße</b>' });
  });

  it('decodes quoted-printable soft breaks and escapes as UTF-8', () => {
    expect(decodeQuotedPrintable('a=3Db=\r\nc Zo=C3=AB')).toBe('a=bc Zoë');
  });

  it('decodes Q and B encoded words and drops the space between adjacent ones', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Hi_Zo=C3=AB?= =?UTF-8?B?IOKckw==?= end')).toBe(
      'Hi Zoë ✓ end',
    );
  });
});

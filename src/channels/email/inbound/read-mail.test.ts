import { describe, expect, it } from 'vitest';
import { NO_TEXT, readMail } from './read-mail.js';

const crlf = (lines: readonly string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('readMail', () => {
  it('reads sender, subject, Message-ID and the thread (In-Reply-To first, then References)', async () => {
    const mail = await readMail(
      crlf([
        'From: "Jansen, Jan" <Jan.Jansen@Example.com>',
        'To: support@winkel.example',
        'Subject: Re: bestelling',
        'Message-ID: <m3@example.com>',
        'In-Reply-To: <m2@winkel.example>',
        'References: <m1@example.com> <m2@winkel.example>',
        '',
        'Dank!',
      ]),
    );
    expect(mail).toEqual({
      kind: 'message',
      from: { address: 'jan.jansen@example.com', name: 'Jansen, Jan' },
      subject: 'Re: bestelling',
      messageId: '<m3@example.com>',
      references: ['<m2@winkel.example>', '<m1@example.com>'],
      body: 'Dank!',
      files: [],
      flags: [],
    });
  });

  it('prefers the text part and keeps no HTML', async () => {
    const mail = await readMail(
      crlf([
        'From: jan@example.com',
        'Content-Type: multipart/alternative; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Platte tekst',
        '--b',
        'Content-Type: text/html',
        '',
        '<p>HTML <script>x()</script></p>',
        '--b--',
        '',
      ]),
    );
    expect(mail.kind === 'message' && mail.body).toBe('Platte tekst');
    expect(mail.kind === 'message' && mail.flags).toEqual([]);
  });

  it('returns attachments and cid-referenced inline images as unchecked files, with names', async () => {
    const mail = await readMail(
      crlf([
        'From: jan@example.com',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Zie bijlage',
        '--b',
        'Content-Type: application/pdf; name="factuur.pdf"',
        'Content-Disposition: attachment; filename="factuur.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQK',
        '--b',
        'Content-Type: image/png',
        'Content-Disposition: inline',
        'Content-ID: <logo123@mail.example>',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--b--',
        '',
      ]),
    );
    if (mail.kind !== 'message') throw new Error('not a customer mail');
    expect(mail.flags).toEqual([]);
    expect(mail.files.map((f) => ({ fileName: f.fileName, declaredType: f.declaredType, content: f.content.toString('base64') }))).toEqual([
      { fileName: 'factuur.pdf', declaredType: 'application/pdf', content: 'JVBERi0xLjQK' },
      { fileName: 'logo123', declaredType: 'image/png', content: 'iVBORw0KGgo=' },
    ]);
  });

  it('flags a multipart that never closes, and a mail without a header section, as malformed', async () => {
    const cut = await readMail(crlf(['From: jan@example.com', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Afgebroken']));
    expect(cut.kind === 'message' && cut.flags).toContain('malformed-mime');
    expect(cut.kind === 'message' && cut.body).toContain('Afgebroken');
    const headless = await readMail(Buffer.from('\u0000\u00ff geen headers, geen lege regel'));
    expect(headless.kind === 'message' && headless.flags).toContain('malformed-mime');
    const noBoundary = await readMail(crlf(['From: jan@example.com', 'Content-Type: multipart/mixed', '', 'tekst']));
    expect(noBoundary.kind === 'message' && noBoundary.flags).toContain('malformed-mime');
  });

  it('gives an empty mail a placeholder text instead of refusing it', async () => {
    const mail = await readMail(crlf(['From: jan@example.com', 'Subject: leeg', '', '']));
    expect(mail.kind === 'message' && mail.body).toBe(NO_TEXT);
    expect(mail.kind === 'message' && mail.flags).toContain('no-text');
  });

  it('recognises a delivery status notification and the Message-ID it is about (message/rfc822 part)', async () => {
    const report = await readMail(
      crlf([
        'From: MAILER-DAEMON@relay.example',
        'Message-ID: <dsn@relay.example>',
        'Content-Type: multipart/report; report-type="delivery-status"; boundary="r"',
        '',
        '--r',
        'Content-Type: text/plain',
        '',
        'Niet bezorgd.',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; relay.example',
        '',
        'Final-Recipient: rfc822; jan@example.com',
        'Action: failed',
        'Status: 5.2.2',
        '',
        '--r',
        'Content-Type: message/rfc822',
        '',
        'From: support@winkel.example',
        'Message-ID: <ours-1@winkel.example>',
        'Subject: Re: vraag',
        '',
        'Ons antwoord.',
        '--r--',
        '',
      ]),
    );
    expect(report).toEqual({ kind: 'delivery-report', failed: true, status: '5.2.2', originalMessageIds: ['<ours-1@winkel.example>'] });
  });

  it('reads a delay notification as no failure', async () => {
    const report = await readMail(
      crlf([
        'From: MAILER-DAEMON@relay.example',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; jan@example.com',
        'Action: delayed',
        'Status: 4.4.1',
        '',
        '--r--',
        '',
      ]),
    );
    expect(report.kind === 'delivery-report' && report.failed).toBe(false);
  });
});

import { simpleParser } from 'mailparser';
import type { SendMailOptions } from 'nodemailer';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { replyToConversation } from '../../../src/conversations/index.js';
import { databaseKinds } from '../../harness/databases.js';
import { agentCaller, auditActions, INBOX_ADDRESS, startSink, storedBody, useEmailWorld, type EmailWorld } from './email-fixture.js';

// The e-mail channel end to end: a customer's mail program talks STARTTLS to the real SMTP
// server, the message lands (masked, encrypted) in a real database, an agent's reply leaves
// through a real relay stand-in, and a delivery report comes back.

const IBAN = 'NL91ABNA0417164300';
const CARD = '4111 1111 1111 1111';

async function incomingRows(world: EmailWorld) {
  return world.deps.db.selectFrom('conv_messages').selectAll().where('inbox_id', '=', world.inboxId).where('direction', '=', 'incoming').orderBy('created_at').orderBy('seq').execute();
}

async function sendAsCustomer(world: EmailWorld, mail: SendMailOptions) {
  return world.mailer.sendMail({ from: 'Jan Jansen <jan.jansen@example.com>', to: INBOX_ADDRESS, ...mail });
}

async function smtpFailure(promise: Promise<unknown>): Promise<{ responseCode?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { responseCode?: number };
  }
  throw new Error('The SMTP server accepted what it should have refused.');
}

describe.each(databaseKinds)('e-mail channel (%s)', (kind) => {
  const world = useEmailWorld(kind);

  it('stores a mail received over STARTTLS masked, and has committed it before the 250 reaches the sender', async () => {
    const w = world();
    const info = await sendAsCustomer(w, {
      subject: `Terugbetaling naar ${IBAN}`,
      text: `Goedemiddag,\n\nMijn rekening is ${IBAN} en ik betaalde met kaart ${CARD}.\n\nJan`,
      messageId: '<first.mail@example.com>',
    });
    expect(info.response).toMatch(/^250 /);
    // No waiting, no polling: the 250 came only after the commit, so the row is there now.
    const rows = await incomingRows(w);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    if (row === undefined) throw new Error('no row');
    expect(JSON.parse(row.flags)).toEqual([]);
    const body = await storedBody(w.deps, row.id);
    expect(body).toContain('Goedemiddag');
    expect(body).not.toContain(IBAN);
    expect(body).not.toContain('4111');
    // Nothing in the conversation tables or the channel's own tables holds the numbers or the sender's address in clear.
    const everything = JSON.stringify([
      await w.deps.db.selectFrom('conv_messages').selectAll().execute(),
      await w.deps.db.selectFrom('conv_conversations').selectAll().execute(),
      await w.deps.db.selectFrom('conv_contacts').selectAll().execute(),
      await w.deps.db.selectFrom('email_message_ids').selectAll().execute(),
    ]);
    for (const secret of [IBAN, '4111111111111111', CARD, 'jan.jansen@example.com', 'first.mail@example.com']) expect(everything).not.toContain(secret);
    const actions = (await auditActions(w.deps)).map((a) => a.action);
    expect(actions).toContain('message.received');
  });

  it('threads a reply with In-Reply-To into the same conversation', async () => {
    const w = world();
    await sendAsCustomer(w, { subject: 'Bestelling 1234', text: 'Waar blijft mijn bestelling?', messageId: '<order.question@example.com>' });
    await sendAsCustomer(w, { subject: 'Re: Bestelling 1234', text: 'Nog een vraag erbij.', messageId: '<order.followup@example.com>', inReplyTo: '<order.question@example.com>', references: ['<order.question@example.com>'] });
    await sendAsCustomer(w, { subject: 'Iets anders', text: 'Een nieuwe vraag.', messageId: '<other.topic@example.com>' });
    const rows = await incomingRows(w);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.conversation_id).toBe(rows[0]?.conversation_id);
    expect(rows[2]?.conversation_id).not.toBe(rows[0]?.conversation_id);
  });

  it("keeps a stranger who cites a customer's Message-ID out of that customer's conversation", async () => {
    const w = world();
    await sendAsCustomer(w, { subject: 'Mijn klacht', text: 'Dit is mijn klacht.', messageId: '<victim.thread@example.com>' });
    await w.mailer.sendMail({
      from: 'Mallory <mallory@evil.example>',
      to: INBOX_ADDRESS,
      subject: 'Re: Mijn klacht',
      text: 'Laat me meelezen.',
      messageId: '<intruder@evil.example>',
      inReplyTo: '<victim.thread@example.com>',
      references: ['<victim.thread@example.com>'],
    });
    const rows = await incomingRows(w);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.conversation_id).not.toBe(rows[0]?.conversation_id);
  });

  it('refuses mail for an address that is no inbox with 550, and records a spray of refusals from one address once', async () => {
    const w = world();
    for (const to of ['nobody@winkel.example', 'ceo@winkel.example', 'admin@winkel.example']) {
      const error = await smtpFailure(w.mailer.sendMail({ from: 'spam@evil.example', to, subject: 'Win', text: 'Klik hier' }));
      expect(error.responseCode).toBe(550);
    }
    expect(await incomingRows(w)).toHaveLength(0);
    // Recording is not awaited by the SMTP reply; the refusal's entry lands right after it.
    await expect.poll(async () => (await auditActions(w.deps)).filter((a) => a.action === 'channel.refused').length).toBe(1);
    const refused = (await auditActions(w.deps)).find((a) => a.action === 'channel.refused');
    expect(refused?.details).toEqual({ channel: 'email', inboxId: null, reason: 'unknown-inbox' });
    expect(refused?.sourceIp).toMatch(/127\.0\.0\.1/);
  });

  it('refuses an oversized mail with 552 and stores nothing of it', async () => {
    const w = world();
    await w.restartChannel({ smtpMaxBytes: 20_000 });
    const error = await smtpFailure(sendAsCustomer(w, { subject: 'Groot', text: 'x'.repeat(60_000) }));
    expect(error.responseCode).toBe(552);
    expect(await incomingRows(w)).toHaveLength(0);
    const ok = await sendAsCustomer(w, { subject: 'Klein', text: 'Past wel.' });
    expect(ok.response).toMatch(/^250 /);
  });

  it('stores a malformed MIME message as far as it can be read, flags it, and keeps serving', async () => {
    const w = world();
    const raw = [
      'From: Jan Jansen <jan.jansen@example.com>',
      `To: ${INBOX_ADDRESS}`,
      'Subject: Kapot bericht',
      'Message-ID: <broken@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="grens"',
      '',
      '--grens',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!dit is geen base64@@@',
      '--grens',
      'Content-Type: text/html',
      '',
      '<p>Mijn vraag <b>gaat over',
      '',
    ].join('\r\n');
    const info = await w.mailer.sendMail({ envelope: { from: 'jan.jansen@example.com', to: [INBOX_ADDRESS] }, raw });
    expect(info.response).toMatch(/^250 /);
    const [row] = await incomingRows(w);
    if (row === undefined) throw new Error('the malformed message was not stored');
    expect(JSON.parse(row.flags)).toContain('malformed-mime');
    // The same server, the same port, serves the next customer.
    await sendAsCustomer(w, { subject: 'Gewoon', text: 'Een gewoon bericht.' });
    expect(await incomingRows(w)).toHaveLength(2);
  });

  it('answers 451 when storing fails unexpectedly, keeps nothing half-written, and accepts the retry', async () => {
    const w = world();
    // The store breaks under the server (as in a database failure) between RCPT TO and the commit.
    await sql`ALTER TABLE conv_messages RENAME TO conv_messages_away`.execute(w.deps.db);
    const error = await smtpFailure(sendAsCustomer(w, { subject: 'Vraag', text: 'Komt dit aan?', messageId: '<retry.me@example.com>' }));
    expect(error.responseCode).toBe(451);
    await sql`ALTER TABLE conv_messages_away RENAME TO conv_messages`.execute(w.deps.db);
    expect(await w.deps.db.selectFrom('conv_conversations').select('id').execute()).toHaveLength(0);
    // The sending server tries again later: now it is stored, once.
    await sendAsCustomer(w, { subject: 'Vraag', text: 'Komt dit aan?', messageId: '<retry.me@example.com>' });
    expect(await incomingRows(w)).toHaveLength(1);
  });

  it('stores text rendered from sanitised HTML for an HTML-only mail: no script, no tracking pixel, no remote style', async () => {
    const w = world();
    await sendAsCustomer(w, {
      subject: 'HTML',
      html: '<p>Hallo <b>team</b><script>steal()</script></p><img src="https://tracker.evil.example/pixel.gif" width="1" height="1"><div style="background:url(https://tracker.evil.example/bg.png)">Groet</div><a href="javascript:alert(1)">klik</a>',
    });
    const [row] = await incomingRows(w);
    if (row === undefined) throw new Error('not stored');
    expect(JSON.parse(row.flags)).toContain('html-sanitised');
    const body = await storedBody(w.deps, row.id);
    expect(body).toContain('Hallo team');
    expect(body).toContain('Groet');
    for (const bad of ['steal', 'tracker.evil.example', 'javascript:', '<']) expect(body).not.toContain(bad);
  });

  it('delivers an agent reply through the relay over STARTTLS, masked, with the threading headers', async () => {
    const w = world();
    await sendAsCustomer(w, { subject: 'Vraag over mijn factuur', text: 'Klopt deze factuur?', messageId: '<invoice.question@example.com>' });
    const [incoming] = await incomingRows(w);
    if (incoming === undefined) throw new Error('not stored');
    const reply = await replyToConversation(w.deps, agentCaller(), { conversationId: incoming.conversation_id, kind: 'reply', body: `Wij storten het terug op ${IBAN}.` });
    await w.channel.sweepOutbox();
    expect(w.sink.received).toHaveLength(1);
    const [sunk] = w.sink.received;
    if (sunk === undefined) throw new Error('nothing reached the relay');
    expect(sunk.secure).toBe(true);
    expect(sunk.mailFrom).toBe(INBOX_ADDRESS);
    expect(sunk.rcptTo).toEqual(['jan.jansen@example.com']);
    const mail = await simpleParser(sunk.raw);
    expect(mail.from?.value[0]).toEqual({ address: INBOX_ADDRESS, name: 'Winkel Klantenservice' });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe('jan.jansen@example.com');
    expect(mail.subject).toBe('Re: Vraag over mijn factuur');
    expect(mail.inReplyTo).toBe('<invoice.question@example.com>');
    expect(mail.references).toBe('<invoice.question@example.com>');
    expect(mail.text?.trim()).toBe(reply.body);
    expect(sunk.raw).not.toContain(IBAN);
    const outbox = await w.deps.db.selectFrom('email_outbox').selectAll().where('message_id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(outbox.status).toBe('sent');
    expect(mail.messageId).toBe(outbox.smtp_message_id);
    const message = await w.deps.db.selectFrom('conv_messages').select('delivery').where('id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(message.delivery).toBe('sent');
    expect((await auditActions(w.deps)).map((a) => a.action)).toContain('email.sent');

    // The customer answers the reply, naming only our Message-ID: it threads into the same conversation.
    await sendAsCustomer(w, { subject: 'Re: Vraag over mijn factuur', text: 'Dank u!', inReplyTo: outbox.smtp_message_id });
    const rows = await incomingRows(w);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.conversation_id).toBe(incoming.conversation_id);
  });

  it('refuses to hand a reply to a relay that does not offer STARTTLS, and keeps it waiting', async () => {
    const w = world();
    const plain = await startSink({ offerStartTls: false });
    try {
      const channel = await w.restartChannel({ smtpRelay: `smtp://127.0.0.1:${plain.port}` });
      await sendAsCustomer(w, { subject: 'Vraag', text: 'Hallo?' });
      const [incoming] = await incomingRows(w);
      if (incoming === undefined) throw new Error('not stored');
      const reply = await replyToConversation(w.deps, agentCaller(), { conversationId: incoming.conversation_id, kind: 'reply', body: 'Wij kijken ernaar.' });
      await channel.sweepOutbox();
      expect(plain.received).toHaveLength(0);
      const outbox = await w.deps.db.selectFrom('email_outbox').selectAll().where('message_id', '=', reply.messageId).executeTakeFirstOrThrow();
      expect(outbox.status).toBe('pending');
      expect(outbox.attempts).toBe(1);
      expect(outbox.last_error).not.toBeNull();
      expect(Number(outbox.next_attempt_at)).toBeGreaterThan(Date.now());
      const message = await w.deps.db.selectFrom('conv_messages').select('delivery').where('id', '=', reply.messageId).executeTakeFirstOrThrow();
      expect(message.delivery).toBe('pending');
    } finally {
      await plain.close();
    }
  });

  it('marks a reply failed when the relay refuses its recipient for good (550), and does not retry it', async () => {
    const w = world();
    const refusing = await startSink({ offerStartTls: true, refuseRecipients: true });
    try {
      const channel = await w.restartChannel({ smtpRelay: `smtp://127.0.0.1:${refusing.port}` });
      await sendAsCustomer(w, { subject: 'Vraag', text: 'Hallo?' });
      const [incoming] = await incomingRows(w);
      if (incoming === undefined) throw new Error('not stored');
      const reply = await replyToConversation(w.deps, agentCaller(), { conversationId: incoming.conversation_id, kind: 'reply', body: 'Antwoord.' });
      await channel.sweepOutbox();
      const outbox = await w.deps.db.selectFrom('email_outbox').selectAll().where('message_id', '=', reply.messageId).executeTakeFirstOrThrow();
      expect(outbox).toMatchObject({ status: 'failed', attempts: 1, last_error: 'EENVELOPE 550' });
      const message = await w.deps.db.selectFrom('conv_messages').select('delivery').where('id', '=', reply.messageId).executeTakeFirstOrThrow();
      expect(message.delivery).toBe('failed');
      const failed = (await auditActions(w.deps)).find((a) => a.action === 'email.failed');
      expect(failed?.details).toEqual({ messageId: reply.messageId, conversationId: incoming.conversation_id, attempts: 1, error: 'EENVELOPE 550' });
    } finally {
      await refusing.close();
    }
  });

  it('delivers a reply stored while the channel was down (its bus event never heard) on the next sweep', async () => {
    const w = world();
    await sendAsCustomer(w, { subject: 'Vraag', text: 'Hallo?' });
    const [incoming] = await incomingRows(w);
    if (incoming === undefined) throw new Error('not stored');
    await w.channel.close();
    const reply = await replyToConversation(w.deps, agentCaller(), { conversationId: incoming.conversation_id, kind: 'reply', body: 'Toch nog een antwoord.' });
    const channel = await w.restartChannel({});
    await channel.sweepOutbox();
    expect(w.sink.received).toHaveLength(1);
    const message = await w.deps.db.selectFrom('conv_messages').select('delivery').where('id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(message.delivery).toBe('sent');
  });

  it('keeps replies in the outbox while no relay is configured', async () => {
    const w = world();
    const channel = await w.restartChannel({ smtpRelay: undefined });
    await sendAsCustomer(w, { subject: 'Vraag', text: 'Hallo?' });
    const [incoming] = await incomingRows(w);
    if (incoming === undefined) throw new Error('not stored');
    const reply = await replyToConversation(w.deps, agentCaller(), { conversationId: incoming.conversation_id, kind: 'reply', body: 'Komt eraan.' });
    await channel.sweepOutbox();
    const outbox = await w.deps.db.selectFrom('email_outbox').selectAll().where('message_id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(outbox).toMatchObject({ status: 'pending', attempts: 0 });
    expect(w.sink.received).toHaveLength(0);
  });

  it('marks a reply bounced when a delivery status notification for it arrives, without making it a customer message', async () => {
    const w = world();
    await sendAsCustomer(w, { subject: 'Vraag', text: 'Hallo?', messageId: '<bounce.case@example.com>' });
    const [incoming] = await incomingRows(w);
    if (incoming === undefined) throw new Error('not stored');
    const reply = await replyToConversation(w.deps, agentCaller(), { conversationId: incoming.conversation_id, kind: 'reply', body: 'Antwoord.' });
    await w.channel.sweepOutbox();
    const outbox = await w.deps.db.selectFrom('email_outbox').selectAll().where('message_id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(outbox.status).toBe('sent');
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@relay.example>',
      `To: ${INBOX_ADDRESS}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn.1@relay.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="rapport"',
      '',
      '--rapport',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '',
      '--rapport',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.example',
      '',
      'Final-Recipient: rfc822; jan.jansen@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--rapport',
      'Content-Type: text/rfc822-headers',
      '',
      `From: Winkel Klantenservice <${INBOX_ADDRESS}>`,
      'To: jan.jansen@example.com',
      'Subject: Re: Vraag',
      `Message-ID: ${outbox.smtp_message_id}`,
      '',
      '--rapport--',
      '',
    ].join('\r\n');
    const info = await w.mailer.sendMail({ envelope: { from: 'mailer-daemon@relay.example', to: [INBOX_ADDRESS] }, raw: dsn });
    expect(info.response).toMatch(/^250 /);
    const after = await w.deps.db.selectFrom('email_outbox').selectAll().where('message_id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(after.status).toBe('bounced');
    const message = await w.deps.db.selectFrom('conv_messages').select('delivery').where('id', '=', reply.messageId).executeTakeFirstOrThrow();
    expect(message.delivery).toBe('bounced');
    expect(await incomingRows(w)).toHaveLength(1);
    const bounced = (await auditActions(w.deps)).find((a) => a.action === 'email.bounced');
    expect(bounced?.details).toEqual({ messageId: reply.messageId, conversationId: incoming.conversation_id, status: '5.1.1' });
  });

  it('stores a redelivered mail (same sender, same Message-ID) once', async () => {
    const w = world();
    await sendAsCustomer(w, { subject: 'Dubbel', text: 'Eén keer graag.', messageId: '<resent@example.com>' });
    await sendAsCustomer(w, { subject: 'Dubbel', text: 'Eén keer graag.', messageId: '<resent@example.com>' });
    expect(await incomingRows(w)).toHaveLength(1);
  });
});

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEntryView } from '../../../src/audit/entry-view.js';
import { INGEST_BODY_LIMIT_BYTES } from '../../../src/channels/voice/voice.routes.js';
import { customerTranscript, receiveMessage } from '../../../src/conversations/index.js';
import { writeWav } from '../../../src/privacy/index.js';
import { channelSamples, handMadeWav, pcm, sine, spokenWords } from '../../../src/privacy/recordings/signals.test-helpers.js';
import { FROM_CHAT, makeInbox } from '../../harness/conversations.js';
import { databaseKinds } from '../../harness/databases.js';
import { json } from '../../harness/identity.js';
import { agentHeader } from '../attachments/test-agent.js';
import { deliver, mintToken, resend, signedRequest, useVoiceApp, type VoiceFixture } from './voice-fixture.js';
import { blobFiles } from '../../harness/blobs.js';

const RATE = 8000;
const SECONDS = 10;
const FRAMES = RATE * SECONDS;
// The caller reads a (test) Visa number aloud, 4111 1111 1111 1111, as words 3 to 18.
const CARD_SENTENCE = 'mijn kaartnummer is vier een een een een een een een een een een een een een een een dank u wel';
const WORDS = spokenWords(CARD_SENTENCE, 0.5);
const FIRST_DIGIT = WORDS[3] ?? { start: 0 };
const LAST_DIGIT = WORDS[18] ?? { end: 0 };
/** Frames blanked: 150 ms padding each side, rounded outwards (computed apart from the code under test). */
const MASKED: [number, number] = [Math.floor((FIRST_DIGIT.start - 0.15) * RATE), Math.ceil((LAST_DIGIT.end + 0.15) * RATE)];
const AGENT = '00000000-0000-4000-8000-0000000a7711';

const MONO_SAMPLES = pcm(FRAMES, [sine(440, RATE)]);
const MONO_WAV = writeWav({ sampleRate: RATE, channels: 1 }, MONO_SAMPLES);
const MONO_TRANSCRIPT = { channels: [{ channel: 0, words: WORDS }] };

function recordingBody(inboxId: string, overrides: { callId?: string; recording?: Buffer; transcript?: unknown; metadata?: Record<string, unknown> } = {}) {
  return {
    metadata: {
      inboxId,
      callId: overrides.callId ?? `CA${randomUUID().replaceAll('-', '')}`,
      from: '+31612345678',
      to: '+31201234567',
      startedAt: '2026-11-21T09:30:00Z',
      direction: 'inbound',
      ...overrides.metadata,
    },
    transcript: overrides.transcript ?? MONO_TRANSCRIPT,
    recording: (overrides.recording ?? MONO_WAV).toString('base64'),
  };
}

function errorCode(response: { body: string }): string {
  return (JSON.parse(response.body) as { error: { code: string } }).error.code;
}

async function counts(f: VoiceFixture) {
  const db = f.env.runtime.database.db;
  const n = async (table: 'conv_messages' | 'conv_attachments' | 'conv_conversations') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { messages: await n('conv_messages'), attachments: await n('conv_attachments'), conversations: await n('conv_conversations') };
}

async function refusals(f: VoiceFixture) {
  const rows = await f.env.runtime.database.db.selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).orderBy('seq').execute();
  return rows.map(toEntryView).filter((e) => e.action === 'channel.refused').map((e) => e.details);
}


describe.each(databaseKinds)('call-recording ingest (%s)', (kind) => {
  const fixture = useVoiceApp(kind);

  async function storedAudio(f: VoiceFixture, conversationId: string): Promise<Buffer> {
    const [attachment] = await f.env.runtime.database.db.selectFrom('conv_attachments').selectAll().where('conversation_id', '=', conversationId).execute();
    if (attachment === undefined) throw new Error('no recording stored');
    expect(attachment.media_type).toBe('audio/wav');
    const response = await f.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/attachments/${attachment.id}`, headers: agentHeader(AGENT, f.inbox.id) });
    expect(response.statusCode).toBe(200);
    return response.rawPayload;
  }

  it('silences the span where the caller speaks a card number, and stores the transcript masked', async () => {
    const f = fixture();
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id) });
    expect(response.statusCode).toBe(201);
    const result = json<{ conversationId: string; messageId: string; maskedSpans: Array<Record<string, unknown>> }>(response);
    expect(result.maskedSpans).toEqual([{ channel: 0, startMs: (MASKED[0] * 1000) / RATE, endMs: (MASKED[1] * 1000) / RATE, type: 'card' }]);

    // The audio, read back through the download route (decrypted): zero across the card, untouched elsewhere.
    const audio = await storedAudio(f, result.conversationId);
    const masked = channelSamples(audio, 1, 0);
    const original = channelSamples(MONO_WAV, 1, 0);
    expect(masked.length).toBe(FRAMES);
    expect(masked.subarray(MASKED[0], MASKED[1]).every((s) => s === 0)).toBe(true);
    for (let frame = 0; frame < FRAMES; frame++) {
      if (frame >= MASKED[0] && frame < MASKED[1]) continue;
      if (masked[frame] !== original[frame]) throw new Error(`sample ${frame} changed outside the card span`);
    }

    // The transcript: stored masked, as the message body.
    const conversation = await f.env.runtime.database.db.selectFrom('conv_conversations').selectAll().where('id', '=', result.conversationId).executeTakeFirstOrThrow();
    const [message] = await customerTranscript(f.deps, { conversationId: result.conversationId, contactId: conversation.contact_id, afterSeq: 0 });
    expect(message?.body).toBe('Call: mijn kaartnummer is [CARD ****1111] dank u wel');

    // At rest: the blob is ciphertext (no WAV header, no samples), and no row holds the digits.
    const [file] = blobFiles(f.env.dataDir);
    const onDisk = readFileSync(file ?? '');
    expect(onDisk.includes(Buffer.from('RIFF'))).toBe(false);
    expect(onDisk.includes(MONO_SAMPLES.subarray(0, 64))).toBe(false);
    const rows = JSON.stringify(await f.env.runtime.database.db.selectFrom('conv_messages').selectAll().execute());
    expect(rows).not.toContain('vier een een');
  });

  it("masks the caller's own number and IBAN in text and audio alike, vaulting the originals", async () => {
    const f = fixture();
    const words = spokenWords('bel mij terug op 0612345678 of stort op NL91ABNA0417164300 alstublieft', 0.5);
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id, { transcript: { channels: [{ channel: 0, words }] } }) });
    expect(response.statusCode).toBe(201);
    const result = json<{ conversationId: string; maskedSpans: Array<{ type: string; startMs: number; endMs: number }> }>(response);
    expect(result.maskedSpans.map((s) => s.type)).toEqual(['known-number', 'iban']);
    const audio = channelSamples(await storedAudio(f, result.conversationId), 1, 0);
    for (const index of [4, 8]) {
      const word = words[index] ?? { start: 0, end: 0 };
      expect(audio.subarray(Math.ceil(word.start * RATE), Math.floor(word.end * RATE)).every((s) => s === 0)).toBe(true);
    }
    const conversation = await f.env.runtime.database.db.selectFrom('conv_conversations').selectAll().where('id', '=', result.conversationId).executeTakeFirstOrThrow();
    const [message] = await customerTranscript(f.deps, { conversationId: result.conversationId, contactId: conversation.contact_id, afterSeq: 0 });
    expect(message?.body).toBe('Call: bel mij terug op [NUMBER] of stort op [IBAN NL** …4300] alstublieft');
    const vaulted = await f.env.runtime.database.db.selectFrom('privacy_vault').select('entity_type').where('source_record', '=', message?.id ?? '').orderBy('entity_type').execute();
    expect(vaulted.map((v) => v.entity_type)).toEqual(['iban', 'known-number']);
  });

  it("silences a known contact's name said aloud, as the text masks it: audio and text use the same known data", async () => {
    const f = fixture();
    // The caller wrote in by chat before with their name and number: the contact knows both.
    const chat = await makeInbox(f.deps, 'webchat');
    await receiveMessage(f.deps, FROM_CHAT, { inboxId: chat.id, contact: { phone: '+31612345678', name: 'Pieter Verhoeven' }, thread: { kind: 'latest' }, body: 'Hallo' });
    const words = spokenWords('goedemiddag u spreekt met Pieter Verhoeven over mijn bestelling', 0.5);
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id, { transcript: { channels: [{ channel: 0, words }] } }) });
    expect(response.statusCode).toBe(201);
    const result = json<{ conversationId: string; maskedSpans: Array<{ type: string }> }>(response);
    expect(result.maskedSpans.length).toBeGreaterThan(0);
    const audio = channelSamples(await storedAudio(f, result.conversationId), 1, 0);
    for (const index of [4, 5]) {
      const word = words[index] ?? { start: 0, end: 0 };
      expect(audio.subarray(Math.ceil(word.start * RATE), Math.floor(word.end * RATE)).every((s) => s === 0)).toBe(true);
    }
    const conversation = await f.env.runtime.database.db.selectFrom('conv_conversations').selectAll().where('id', '=', result.conversationId).executeTakeFirstOrThrow();
    const [message] = await customerTranscript(f.deps, { conversationId: result.conversationId, contactId: conversation.contact_id, afterSeq: 0 });
    expect(message?.body).not.toContain('Verhoeven');
    expect(message?.body).toContain('over mijn bestelling');
  });

  it("silences only the caller's channel of a two-channel call, and labels who spoke", async () => {
    const f = fixture();
    const agentWords = spokenWords('goedemiddag waarmee kan ik helpen', 0.1, 0.05, 0.04);
    const callerWords = WORDS.map((w) => ({ ...w, start: w.start + 1, end: w.end + 1 }));
    const stereo = writeWav({ sampleRate: RATE, channels: 2 }, pcm(FRAMES + RATE, [sine(440, RATE), sine(620, RATE)]));
    const transcript = { channels: [{ channel: 0, words: agentWords }, { channel: 1, words: callerWords }] };
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id, { recording: stereo, transcript, metadata: { callerChannel: 1 } }) });
    expect(response.statusCode).toBe(201);
    const result = json<{ conversationId: string }>(response);
    const audio = await storedAudio(f, result.conversationId);
    const span: [number, number] = [MASKED[0] + RATE, MASKED[1] + RATE];
    expect(channelSamples(audio, 2, 1).subarray(span[0], span[1]).every((s) => s === 0)).toBe(true);
    expect(Buffer.from(channelSamples(audio, 2, 0).buffer).equals(Buffer.from(channelSamples(stereo, 2, 0).buffer))).toBe(true);
    const conversation = await f.env.runtime.database.db.selectFrom('conv_conversations').selectAll().where('id', '=', result.conversationId).executeTakeFirstOrThrow();
    const [message] = await customerTranscript(f.deps, { conversationId: result.conversationId, contactId: conversation.contact_id, afterSeq: 0 });
    expect(message?.body).toBe('Agent: goedemiddag waarmee kan ik helpen\nCaller: mijn kaartnummer is [CARD ****1111] dank u wel');
  });

  it('answers a redelivery of the same call id with the first result and stores it once', async () => {
    const f = fixture();
    const body = recordingBody(f.inbox.id, { callId: 'CA-redelivered-1' });
    const first = await deliver(f, { token: f.token, secret: f.secret, body });
    expect(first.response.statusCode).toBe(201);
    f.clock.advance(1000);
    const again = await deliver(f, { token: f.token, secret: f.secret, body });
    expect(again.response.statusCode).toBe(200);
    expect(json(again.response)).toEqual(json(first.response));
    expect(await counts(f)).toEqual({ messages: 1, attachments: 1, conversations: 1 });
    const rows = await f.env.runtime.database.db.selectFrom('audit_entries').select(['seq', 'entry', 'leaf_hash']).orderBy('seq').execute();
    const stored = rows.map(toEntryView).filter((e) => e.action === 'voice.recording.stored');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ actor: { type: 'api-token' }, details: { maskedSpans: 1, durationMs: SECONDS * 1000 } });
  });

  it('rejects a delivery signed with another inbox\'s secret (401, audited, signalled)', async () => {
    const f = fixture();
    const { response } = await deliver(f, { token: f.token, secret: f.otherSecret, body: recordingBody(f.inbox.id) });
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('ERR_INGEST_SIGNATURE_INVALID');
    expect(await refusals(f)).toEqual([{ channel: 'voice', inboxId: f.inbox.id, reason: 'bad-signature' }]);
    expect(f.securityEvents).toEqual([{ channel: 'voice', inboxId: f.inbox.id, reason: 'bad-signature', sourceIp: '127.0.0.1' }]);
    expect(await counts(f)).toEqual({ messages: 0, attachments: 0, conversations: 0 });
  });

  it('rejects a delivery whose body was changed after signing', async () => {
    const f = fixture();
    const body = recordingBody(f.inbox.id);
    const { raw, headers } = signedRequest(f, { token: f.token, secret: f.secret, body: { ...body, metadata: { ...body.metadata, callId: 'first' } }, signature: null });
    const tampered = Buffer.from(raw.toString('utf8').replace('"first"', '"second"'));
    const signed = await deliver(f, { token: f.token, secret: f.secret, body: { ...body, metadata: { ...body.metadata, callId: 'first' } } });
    expect(signed.response.statusCode).toBe(201);
    const response = await resend(f, tampered, { ...headers, 'x-bolwerk-signature': signed.headers['x-bolwerk-signature'] ?? '' });
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('ERR_INGEST_SIGNATURE_INVALID');
  });

  it('rejects an unsigned delivery and a malformed signature header', async () => {
    const f = fixture();
    const missing = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id), signature: null });
    expect(missing.response.statusCode).toBe(401);
    expect(errorCode(missing.response)).toBe('ERR_INGEST_SIGNATURE_MISSING');
    const malformed = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id), signature: 'sha256=abc' });
    expect(malformed.response.statusCode).toBe(401);
    expect(errorCode(malformed.response)).toBe('ERR_INGEST_SIGNATURE_MISSING');
    // The same token from the same address, refused twice for the same reason within the window: recorded once.
    expect((await refusals(f)).map((r) => r['reason'])).toEqual(['bad-signature']);
  });

  it('records a flood of badly signed deliveries from one token as one audit entry and one security event a minute', async () => {
    const f = fixture();
    for (let i = 0; i < 25; i++) {
      const { response } = await deliver(f, { token: f.token, secret: f.otherSecret, body: recordingBody(f.inbox.id, { callId: `flood-${i}` }) });
      expect(response.statusCode).toBe(401);
    }
    expect(await refusals(f)).toEqual([{ channel: 'voice', inboxId: f.inbox.id, reason: 'bad-signature' }]);
    expect(f.securityEvents).toHaveLength(1);
    // A minute later the next one is recorded again; a different reason is its own record at once.
    f.clock.advance(60_000);
    await deliver(f, { token: f.token, secret: f.otherSecret, body: recordingBody(f.inbox.id, { callId: 'after-a-minute' }) });
    await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id, { callId: 'stale' }), timestamp: Math.floor(f.clock.now() / 1000) - 6 * 60 });
    expect((await refusals(f)).map((r) => r['reason'])).toEqual(['bad-signature', 'bad-signature', 'replayed-request']);
    expect(f.securityEvents).toHaveLength(3);
  });

  it('rejects a correctly signed delivery with a timestamp six minutes old', async () => {
    const f = fixture();
    const stale = Math.floor(f.clock.now() / 1000) - 6 * 60;
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id), timestamp: stale });
    expect(response.statusCode).toBe(401);
    expect(errorCode(response)).toBe('ERR_INGEST_TIMESTAMP_OUTSIDE_WINDOW');
    expect(await refusals(f)).toEqual([{ channel: 'voice', inboxId: f.inbox.id, reason: 'replayed-request' }]);
  });

  it('rejects a replay of the same signed request within the window', async () => {
    const f = fixture();
    const first = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id) });
    expect(first.response.statusCode).toBe(201);
    f.clock.advance(30_000);
    const replayed = await resend(f, first.raw, first.headers);
    expect(replayed.statusCode).toBe(401);
    expect(errorCode(replayed)).toBe('ERR_INGEST_REPLAYED');
    expect(await refusals(f)).toEqual([{ channel: 'voice', inboxId: f.inbox.id, reason: 'replayed-request' }]);
    expect(f.securityEvents.map((e) => e.reason)).toEqual(['replayed-request']);
  });

  it('rejects a token without recordings.ingest (403)', async () => {
    const f = fixture();
    const token = await mintToken(f, ['audit.verify'], { type: 'all', id: null });
    const { response } = await deliver(f, { token, secret: f.secret, body: recordingBody(f.inbox.id) });
    expect(response.statusCode).toBe(403);
    expect(errorCode(response)).toBe('ERR_ACCESS_DENIED');
    expect(await counts(f)).toEqual({ messages: 0, attachments: 0, conversations: 0 });
  });

  it("rejects a token scoped to another inbox, even with that inbox's valid signature (403)", async () => {
    const f = fixture();
    const token = await mintToken(f, ['recordings.ingest'], { type: 'inbox', id: f.other.id });
    const { response } = await deliver(f, { token, secret: f.secret, body: recordingBody(f.inbox.id) });
    expect(response.statusCode).toBe(403);
    expect(errorCode(response)).toBe('ERR_INGEST_INBOX_OUT_OF_SCOPE');
    expect(await counts(f)).toEqual({ messages: 0, attachments: 0, conversations: 0 });
  });

  it('answers 404 for an inbox that does not exist to a token whose scope is everything', async () => {
    const f = fixture();
    const token = await mintToken(f, ['recordings.ingest'], { type: 'all', id: null });
    const { response } = await deliver(f, { token, secret: f.secret, body: recordingBody(randomUUID()) });
    expect(response.statusCode).toBe(404);
    expect(errorCode(response)).toBe('ERR_INGEST_INBOX_NOT_FOUND');
    expect(await refusals(f)).toEqual([{ channel: 'voice', inboxId: null, reason: 'unknown-inbox' }]);
  });

  it('refuses a WAV whose header claims more samples than it holds (400), stores nothing, and takes the corrected call', async () => {
    const f = fixture();
    const lying = handMadeWav({ data: MONO_SAMPLES.subarray(0, RATE * 2), dataSize: MONO_SAMPLES.length, sampleRate: RATE });
    const body = recordingBody(f.inbox.id, { recording: lying, callId: 'CA-lying' });
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('ERR_RECORDING_WAV_DATA_SIZE_INVALID');
    expect(await counts(f)).toEqual({ messages: 0, attachments: 0, conversations: 0 });
    const fixed = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id, { callId: 'CA-lying' }) });
    expect(fixed.response.statusCode).toBe(201);
  });

  it('refuses a transcript whose words run past the end of the recording (400)', async () => {
    const f = fixture();
    const short = writeWav({ sampleRate: RATE, channels: 1 }, MONO_SAMPLES.subarray(0, RATE * 4 * 2));
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id, { recording: short }) });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('ERR_RECORDING_TRANSCRIPT_TIMES_INVALID');
    expect(blobFiles(f.env.dataDir)).toEqual([]);
  });

  it('refuses a delivery over the 100 MiB body limit with 413, before reading it, and records the refusal', async () => {
    const f = fixture();
    const { raw, headers } = signedRequest(f, { token: f.token, secret: f.secret, body: recordingBody(f.inbox.id) });
    const response = await f.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/recordings',
      headers: { ...headers, 'content-length': String(INGEST_BODY_LIMIT_BYTES + 1) },
      payload: raw,
    });
    expect(response.statusCode).toBe(413);
    expect(errorCode(response)).toBe('ERR_REQUEST_TOO_LARGE');
    expect(await refusals(f)).toEqual([{ channel: 'voice', inboxId: null, reason: 'too-large' }]);
  });

  it('refuses a body that is not a delivery (400 with the fields named)', async () => {
    const f = fixture();
    const { response } = await deliver(f, { token: f.token, secret: f.secret, body: { metadata: { inboxId: f.inbox.id }, recording: 'not base64!' } });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('ERR_INGEST_BODY_INVALID');
    const fields = (JSON.parse(response.body) as { error: { details: Array<{ field: string }> } }).error.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['metadata.callId', 'metadata.direction', 'transcript', 'recording']));
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { appendAuditEntries, type RequestContext } from '../../audit/index.js';
import { removeUnstoredBlobs, type CheckedAttachment } from '../../conversations/attachments/index.js';
import { inboxById, inboxSecret, MAX_MESSAGE_CHARS, receiveMessage, type InboxOf, type PrivacyInputs } from '../../conversations/index.js';
import { mayAccess, type Actor } from '../../identity/index.js';
import { AppError, type ErrorCode } from '../../platform/errors/index.js';
import { defaultMaskingPolicy, detect, maskRecording, readWav, type MaskedAudioSpan, type MaskedRecording } from '../../privacy/index.js';
import type { ChannelDeps } from '../channel-deps.js';
import type { ChannelRefusal } from '../channel-events.js';
import { recordRefusalOnce } from '../record-refusal.js';
import type { RefusalWindow } from '../refusal-window.js';
import { callText, detectorFor } from './call-text.js';
import { SIGNATURE_WINDOW_MS, signatureHeaders, signatureMatches, withinWindow, type SignatureHeaders } from './delivery-signature.js';
import { asAppError, customerPhone, parseEnvelope, transcriptOf, type DeliveryEnvelope } from './recording-delivery.js';
import { callByRef, claimCall, completeCall, forgetSignaturesBefore, releaseCall, rememberSignature, takeOverCall, type VoiceCallRow } from './voice.store.js';

/** The telephony platform's API token, acting through the ingest route. */
export interface IngestCaller {
  readonly actor: Actor;
  readonly context: RequestContext;
}

/** The request as it came: the signature covers the raw bytes, so they are kept as they are. */
export interface SignedDelivery {
  readonly rawBody: Buffer;
  readonly timestamp: unknown;
  readonly signature: unknown;
}

export interface IngestedCall {
  readonly conversationId: string;
  readonly messageId: string;
  readonly maskedSpans: readonly MaskedAudioSpan[];
  /** True when this call was stored by an earlier delivery (the answer is that delivery's). */
  readonly duplicate: boolean;
}

export interface VoiceDeps extends ChannelDeps {
  /** This node's record of refusals lately recorded (one per API token, source address, reason and inbox per window). */
  readonly refusals: RefusalWindow;
}

/** Who sent a refused delivery, as far as the ingest knows: the API token's actor (when known) and the address it came from. */
export function refusalSource(actorId: string | null, context: RequestContext): string {
  return `${actorId ?? '-'}|${context.sourceIp ?? '-'}`;
}

/** A claim on a call older than this belongs to an attempt that died (a delivery takes seconds). */
const STALE_CLAIM_MS = 15 * 60 * 1000;

/**
 * Stores one call: checks the delivery's signature (timestamp window, replay), masks the
 * transcript and the audio by the same detections, and stores the transcript as the message of a
 * new conversation with the masked audio as its encrypted attachment. The raw audio exists only
 * in memory. A redelivery of a call id already stored answers with the first result.
 */
export async function ingestRecording(deps: VoiceDeps, caller: IngestCaller, delivery: SignedDelivery): Promise<IngestedCall> {
  const refuse = async (inboxId: string | null, reason: ChannelRefusal, code: ErrorCode): Promise<never> => {
    await recordRefusalOnce(deps, deps.refusals, refusalSource(caller.actor.id, caller.context), { channel: 'voice', inboxId, reason, context: caller.context });
    throw new AppError(code);
  };
  const headers = signatureHeaders(delivery.timestamp, delivery.signature);
  // Guard: unsigned (or oddly signed) deliveries are refused before the body is even read.
  if (headers === undefined) return refuse(null, 'bad-signature', 'ERR_INGEST_SIGNATURE_MISSING');
  const envelope = parseEnvelope(delivery.rawBody);
  const { inboxId } = envelope.metadata;
  const found = await inboxById(deps.db, inboxId);
  // Guard: the token's scope decides first, so a token cannot learn which other inboxes exist.
  if (!mayAccess(caller.actor, 'recordings.ingest', { inboxId, teamId: found?.teamId ?? null })) throw new AppError('ERR_INGEST_INBOX_OUT_OF_SCOPE');
  // Guard: only a call-recording inbox takes calls; another channel's inbox is as unknown as none.
  if (found === undefined || found.channel !== 'voice') return refuse(null, 'unknown-inbox', 'ERR_INGEST_INBOX_NOT_FOUND');
  const inbox = found;
  const now = deps.now();
  await checkSignature(deps, inbox, headers, delivery.rawBody, now, refuse);
  // Guard: an authentic delivery to a switched-off inbox is still not stored.
  if (inbox.disabledAt !== null) return refuse(inbox.id, 'inbox-disabled', 'ERR_INBOX_DISABLED');

  const callRef = createHash('sha256').update(envelope.metadata.callId, 'utf8').digest('hex');
  const earlier = await claim(deps, inbox.id, callRef, envelope, now);
  if (earlier !== undefined) return earlier;
  try {
    const stored = await storeCall(deps, caller, inbox, envelope, callRef);
    await recordStored(deps, caller, inbox.id, callRef, stored);
    return { conversationId: stored.conversationId, messageId: stored.messageId, maskedSpans: stored.maskedSpans, duplicate: false };
  } catch (error) {
    // Refused or failed: nothing of this call is kept, so a corrected delivery can be stored.
    await releaseCall(deps.db, inbox.id, callRef).catch((release: unknown) => deps.logger.warn({ err: release }, 'call claim not released; it is taken over once stale'));
    throw error;
  }
}

/** Marks the call stored and records who delivered it, in one transaction. */
async function recordStored(deps: ChannelDeps, caller: IngestCaller, inboxId: string, callRef: string, stored: StoredCall): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await completeCall(trx, inboxId, callRef, { ...stored, maskedSpans: JSON.stringify(stored.maskedSpans), now });
    await appendAuditEntries(trx, { keyring: deps.keyring, now, writer: deps.auditWriter }, [
      {
        actor: { type: caller.actor.type, id: caller.actor.id },
        action: 'voice.recording.stored',
        target: { type: 'conversation', id: stored.conversationId },
        outcome: 'success',
        context: caller.context,
        details: { conversationId: stored.conversationId, messageId: stored.messageId, maskedSpans: stored.maskedSpans.length, durationMs: stored.durationMs },
      },
    ]);
  });
}

interface StoredCall {
  readonly conversationId: string;
  readonly messageId: string;
  readonly maskedSpans: readonly MaskedAudioSpan[];
  readonly durationMs: number;
}

type Refuse = (inboxId: string | null, reason: ChannelRefusal, code: ErrorCode) => Promise<never>;

async function checkSignature(deps: ChannelDeps, inbox: InboxOf<'voice'>, headers: SignatureHeaders, rawBody: Buffer, now: number, refuse: Refuse): Promise<void> {
  const secret = await inboxSecret(deps.db, deps.keyring, inbox, now);
  // Guard: only the holder of the inbox's secret can have produced this body at this time.
  if (!signatureMatches(secret, headers, rawBody)) await refuse(inbox.id, 'bad-signature', 'ERR_INGEST_SIGNATURE_INVALID');
  // Guard: a captured delivery replayed later carries an old timestamp it cannot change.
  if (!withinWindow(headers, now)) await refuse(inbox.id, 'replayed-request', 'ERR_INGEST_TIMESTAMP_OUTSIDE_WINDOW');
  // A signature stays usable for at most two windows after it is first seen; older ones are forgotten.
  await forgetSignaturesBefore(deps.db, now - 2 * SIGNATURE_WINDOW_MS);
  const signatureHash = createHash('sha256').update(headers.value, 'utf8').digest('hex');
  // Guard: within the window, the same signed request sent again is a replay.
  if (!(await rememberSignature(deps.db, { signatureHash, inboxId: inbox.id, seenAt: now }))) await refuse(inbox.id, 'replayed-request', 'ERR_INGEST_REPLAYED');
}

/** Takes the call on, or answers for it: its first result if stored, 409 while another delivery works on it. */
async function claim(deps: ChannelDeps, inboxId: string, callRef: string, envelope: DeliveryEnvelope, now: number): Promise<IngestedCall | undefined> {
  const row = {
    inbox_id: inboxId,
    call_ref: callRef,
    status: 'processing' as const,
    claimed_at: now,
    conversation_id: null,
    message_id: null,
    masked_spans: null,
    direction: envelope.metadata.direction,
    started_at: envelope.metadata.startedAt,
    duration_ms: null,
    created_at: now,
    stored_at: null,
  };
  if (await claimCall(deps.db, row)) return undefined;
  const existing = await callByRef(deps.db, inboxId, callRef);
  if (existing !== undefined && existing.status === 'stored') return firstResult(existing);
  // An attempt that died mid-way is taken over; receiveMessage then recognises a message it already stored.
  if (existing !== undefined && now - Number(existing.claimed_at) > STALE_CLAIM_MS && (await takeOverCall(deps.db, inboxId, callRef, Number(existing.claimed_at), now))) return undefined;
  throw new AppError('ERR_INGEST_IN_PROGRESS');
}

function firstResult(row: VoiceCallRow): IngestedCall {
  if (row.conversation_id === null || row.message_id === null) throw new Error(`Stored call ${row.call_ref} has no message.`);
  return { conversationId: row.conversation_id, messageId: row.message_id, maskedSpans: JSON.parse(row.masked_spans ?? '[]') as MaskedAudioSpan[], duplicate: true };
}

async function storeCall(
  deps: ChannelDeps,
  caller: IngestCaller,
  inbox: InboxOf<'voice'>,
  envelope: DeliveryEnvelope,
  callRef: string,
): Promise<StoredCall> {
  const { metadata } = envelope;
  const wav = Buffer.from(envelope.recording, 'base64');
  // The header first: a lying or unsupported file is refused before any detection work.
  const recording = asAppError(() => readWav(wav));
  const transcript = transcriptOf(envelope.transcript);
  const call = callText(transcript, metadata.callerChannel);
  // Guard: receiveMessage would refuse it too, but only after the audio had been masked.
  if (call.text.length > MAX_MESSAGE_CHARS) throw new AppError('ERR_MESSAGE_TOO_LARGE');
  const phone = customerPhone(metadata);
  const attachmentId = randomUUID();
  let masked: MaskedRecording | undefined;
  // The audio is masked inside receiveMessage's transaction with exactly what its privacy pass
  // uses for the text (the contact's known data, the conversation context, the inbox's policy),
  // so the silenced spans and the text's placeholders are the same detections.
  const maskAudio = (privacy: PrivacyInputs): CheckedAttachment[] => {
    const detections = detect(call.text, { locale: metadata.locale, known: privacy.known, ...(privacy.context === undefined ? {} : { context: privacy.context }) }).filter(
      (d) => (privacy.policy[d.type] ?? defaultMaskingPolicy[d.type]) !== 'keep',
    );
    masked = asAppError(() => maskRecording({ wav, transcript, detect: detectorFor(transcript, call, detections), fill: inbox.settings.audioFill }));
    return [{ id: attachmentId, fileName: `call-${callRef.slice(0, 12)}.wav`, mediaType: 'audio/wav', size: masked.wav.length, content: masked.wav }];
  };
  try {
    const received = await receiveMessage(deps, { channel: 'voice', context: caller.context }, {
      inboxId: inbox.id,
      contact: phone === undefined ? {} : { phone },
      // A call is a new conversation; threading on its own id lets a retried delivery after a crash find the message it already stored.
      thread: { kind: 'references', messageIds: [callReference(metadata.callId)] },
      externalId: callReference(metadata.callId),
      clientMessageId: `call-${callRef.slice(0, 64)}`,
      body: call.text,
      locale: metadata.locale,
      flags: ['call-recording'],
      attachmentsFor: maskAudio,
    });
    return { conversationId: received.conversationId, messageId: received.messageId, maskedSpans: masked?.spans ?? [], durationMs: Math.round((recording.frames * 1000) / recording.format.sampleRate) };
  } catch (error) {
    // The blob is written before its row; if the transaction failed after that, the file goes now.
    await removeUnstoredBlobs(deps, [attachmentId]).catch((cleanup: unknown) => deps.logger.warn({ err: cleanup }, 'call recording blob not removed'));
    throw error;
  }
}

function callReference(callId: string): string {
  return `voice-call:${callId}`;
}

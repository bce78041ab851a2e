import { Cue, type CueName } from './lexicon.js';
import { scanText } from './scan.js';
import { lowerSameLength } from './text.js';
import type { ConversationContext, EntityType } from './types.js';

/** Which cue in the agent's question raises which expectation for the answer. */
const EXPECTATIONS: readonly (readonly [CueName, EntityType])[] = [
  ['bsn', 'bsn'],
  ['card', 'card'],
  ['cvv', 'cvv'],
  ['expiry', 'card-expiry'],
  ['iban', 'iban'],
  ['bic', 'bic'],
  ['phone', 'phone'],
  ['dateOfBirth', 'date-of-birth'],
  ['passport', 'passport'],
];

export const ID_CARD_QUESTION = /\b(?:identiteitskaart|id-kaart|idkaart|id kaart|identiteitsbewijs|id card|identity card|documentnummer|document number)\b/;
export const CREDENTIAL_QUESTION = /\b(?:wachtwoord|password|pincode|pin|code|verificatiecode|verification code|passcode)\b/;
export const PHONE_QUESTION = /\b(?:phone|telephone|tel|telefoon|telefoonnummer|mobiel|mobile|gsm|bellen|call)\b/;
export const HEALTH_QUESTION = /\b(?:medisch|medische|gezondheid|klachten|medicatie|medicijnen|medical|health|symptoms|medication|condition)\b/;

/**
 * The expectation for the next customer message: what the agent's last message (after the
 * customer last spoke) asked for. Only the agent's words count, so a customer cannot talk the
 * detector into or out of anything.
 */
export function contextFromPreviousMessages(messages: readonly { role: 'agent' | 'customer'; text: string }[]): ConversationContext {
  const agentTexts: string[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message === undefined) continue;
    if (message.role === 'customer') {
      if (agentTexts.length > 0) break;
      continue;
    }
    agentTexts.push(message.text);
  }
  const asked = lowerSameLength(agentTexts.join('\n'));
  const { cues } = scanText(asked);
  const expected = new Set<EntityType>();
  for (const [cue, type] of EXPECTATIONS) if ((cues & Cue[cue]) !== 0) expected.add(type);
  if (ID_CARD_QUESTION.test(asked)) expected.add('id-card');
  if (CREDENTIAL_QUESTION.test(asked)) expected.add('credential');
  if (HEALTH_QUESTION.test(asked)) expected.add('health');
  // "nummer"/"number" alone is too vague to expect a phone.
  if (expected.has('phone') && !PHONE_QUESTION.test(asked)) expected.delete('phone');
  return { expected: [...expected] };
}

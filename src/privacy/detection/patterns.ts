import { CREDENTIAL_QUESTION, HEALTH_QUESTION, ID_CARD_QUESTION, PHONE_QUESTION } from './conversation-context.js';
import { CREDENTIAL_LINK, NOT_A_SECRET_CODE } from './recognisers/credential.js';
import { WRITTEN_DATE } from './recognisers/date-of-birth.js';
import { DOCUMENT_NUMBER } from './recognisers/identity-document.js';
import { IBAN_PREFIX } from './recognisers/phone.js';

/**
 * Every regular expression the engine runs over customer text, by name, so that the ReDoS test
 * can prove each one safe. A new regex in a recogniser belongs here too. Words (cues, health
 * terms, number words, credential cues) are not regexes any more: the scanner looks each word
 * up in one hashed lexicon (lexicon.ts, scan.ts), which is linear by construction. Not listed,
 * because they never see free text: libphonenumber's national-number patterns run only on a
 * candidate's own digits, at most 17 characters; ibantools' BBAN patterns are not run at all
 * (iban.ts reads them once into per-position tables), only its national check-digit functions
 * on one IBAN's BBAN, at most 30 characters. DOCUMENT_NUMBER and NOT_A_SECRET_CODE are no
 * longer run either (their recognisers read the text in place) but stay here, and safe, as the
 * definitions those in-place checks are held to.
 */
export const DETECTION_PATTERNS: Readonly<Record<string, RegExp>> = {
  writtenDate: WRITTEN_DATE,
  ibanPrefix: IBAN_PREFIX,
  documentNumber: DOCUMENT_NUMBER,
  notASecretCode: NOT_A_SECRET_CODE,
  credentialLink: CREDENTIAL_LINK,
  idCardQuestion: ID_CARD_QUESTION,
  credentialQuestion: CREDENTIAL_QUESTION,
  healthQuestion: HEALTH_QUESTION,
  phoneQuestion: PHONE_QUESTION,
};

import { AppError } from '../../../platform/errors/index.js';

/** An error smtp-server turns into a reply with this code and text. */
export type SmtpReply = Error & { responseCode: number };

export function smtpReply(responseCode: number, text: string): SmtpReply {
  return Object.assign(new Error(text), { responseCode });
}

/**
 * The reply for an error while storing a mail. A refusal the sender can do nothing about gets a
 * permanent 5xx with the catalogue's text; anything unexpected gets 451, so the sender keeps the
 * mail and tries again later instead of losing it. No internal detail goes out.
 */
export function smtpReplyFor(error: unknown): SmtpReply {
  if (!(error instanceof AppError)) return smtpReply(451, '4.3.0 Temporary failure storing the message; please try again later');
  if (error.status === 413) return smtpReply(552, `5.3.4 ${error.message}`);
  if (error.status === 429) return smtpReply(451, `4.7.1 ${error.message}`);
  if (error.status === 404 || error.status === 403 || error.status === 410) return smtpReply(550, `5.1.1 ${error.message}`);
  if (error.status >= 400 && error.status < 500) return smtpReply(554, `5.6.0 ${error.message}`);
  return smtpReply(451, '4.3.0 Temporary failure storing the message; please try again later');
}

import { ERASED_TEXT, openText } from '../messages/message-body.js';
import { contactLabel } from '../views/conversation-summary.js';
import type { ContactRow } from './contact.js';
import { maskEmail, maskName, maskPhone } from './masked-contact.js';

/** A contact's details as an agent sees them before revealing anything. */
export interface MaskedContact {
  readonly id: string;
  readonly label: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export const CONTACT_FIELDS = ['name', 'email', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export function storedContactField(contact: ContactRow, field: ContactField): string | null {
  return field === 'name' ? contact.name_ct : field === 'email' ? contact.email_ct : contact.phone_ct;
}

export function openContactField(contact: ContactRow, field: ContactField, key: Buffer): string | null {
  const stored = storedContactField(contact, field);
  return stored === null ? null : openText(key, stored, 'conv_contacts', field, contact.id);
}

export function maskedContactDetails(contact: ContactRow | undefined, key: Buffer | undefined): MaskedContact {
  if (contact === undefined) return { id: '', label: '', name: null, email: null, phone: null };
  const masked = (field: ContactField, mask: (value: string) => string) => {
    if (storedContactField(contact, field) === null) return null;
    if (key === undefined) return ERASED_TEXT;
    const value = openContactField(contact, field, key);
    return value === null ? null : mask(value);
  };
  return { id: contact.id, label: contactLabel(contact.id), name: masked('name', maskName), email: masked('email', maskEmail), phone: masked('phone', maskPhone) };
}

import type { Migration } from 'kysely';
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_identity_setup_tokens.js';
import * as m0003 from './0003_audit_trail.js';
import * as m0004 from './0004_privacy_subject_keys.js';
import * as m0005 from './0005_identity_sessions.js';
import * as m0006 from './0006_identity_throttle.js';
import * as m0007 from './0007_identity_accounts.js';
import * as m0008 from './0008_identity_webauthn.js';
import * as m0009 from './0009_identity_api_tokens.js';
import * as m0010 from './0010_identity_access_reviews.js';
import * as m0011 from './0011_identity_oidc.js';
import * as m0012 from './0012_privacy_vault.js';
import * as m0013 from './0013_conversations.js';
import * as m0014 from './0014_channels_email.js';
import * as m0015 from './0015_conversations_attachments.js';
import * as m0016 from './0016_channels_voice.js';
import * as m0017 from './0017_conversations_search.js';
import * as m0018 from './0018_channels_webchat.js';
import * as m0019 from './0019_conversations_hot_path.js';
import * as m0020 from './0020_conversations_contact_index.js';
import * as m0021 from './0021_conversations_search_pending.js';
import * as m0022 from './0022_conversations_external_ref_partial.js';

/**
 * The one ordered list of migrations for SQLite and PostgreSQL alike. Listed by hand, not read
 * from the folder, so the built server cannot pick up a stray file. Names never change once landed.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_platform': m0001,
  '0002_identity_setup_tokens': m0002,
  '0003_audit_trail': m0003,
  '0004_privacy_subject_keys': m0004,
  '0005_identity_sessions': m0005,
  '0006_identity_throttle': m0006,
  '0007_identity_accounts': m0007,
  '0008_identity_webauthn': m0008,
  '0009_identity_api_tokens': m0009,
  '0010_identity_access_reviews': m0010,
  '0011_identity_oidc': m0011,
  '0012_privacy_vault': m0012,
  '0013_conversations': m0013,
  '0014_channels_email': m0014,
  '0015_conversations_attachments': m0015,
  '0016_channels_voice': m0016,
  '0017_conversations_search': m0017,
  '0018_channels_webchat': m0018,
  '0019_conversations_hot_path': m0019,
  '0020_conversations_contact_index': m0020,
  '0021_conversations_search_pending': m0021,
  '0022_conversations_external_ref_partial': m0022,
};

export { loadKeyring, defaultMasterKeyFile, signingKeyFile, type Keyring, type KeyringOptions } from './keyring.js';
export { addMasterKeyVersion, loadMasterKeys, parseMasterKeys, type MasterKeys } from './master-key.js';
export { generateDataKey, seal, open, wrappedKeyVersion, DecryptionError } from './envelope.js';
export { loadSigningKey, verifyWithPublicKey, rawEd25519PublicKey, ed25519PublicKeyFromRaw, type SigningKey } from './signing-key.js';
export { KeyFileError } from './key-files.js';
export { randomIv } from './random-pool.js';
export { timeOrderedId } from './time-ordered-id.js';

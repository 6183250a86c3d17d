export { deriveKey, encrypt, decrypt } from './crypto';
export { resolveEncryptionKey, readCouchSecret, NoEncryptionKeyError, SECRET_KEY_ENV, type EncryptionKey } from './key';
export { Vault, cachedReader, credentialId, vaultDbName, CREDENTIAL_PREFIX, type SecretReader } from './vault';
export { registerSecretCommands, type Connect, type SecretCommandIo } from './commands';

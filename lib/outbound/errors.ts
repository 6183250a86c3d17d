/** Why a push failed. The job logs `message` (never credentials) and keeps it as the key's last error. */
export type OutboundErrorKind =
  /** the config cannot be pushed as it stands (no destination, unknown auth type, ...) */
  | 'config'
  /** a mapping value could not be produced from the doc */
  | 'mapping'
  /** a `*_key` names a credential that is not in the vault */
  | 'credentials'
  /** the destination (or the muso-sih login) answered with a non-2xx status */
  | 'http'
  /** no answer: refused, reset, DNS, TLS, timeout */
  | 'network';

export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

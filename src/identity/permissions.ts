/**
 * The catalogue of permissions. Every route names exactly one (or is explicitly public); roles
 * are sets of these. The identity issue adds roles, scoping and the rest of the catalogue.
 */
export const permissions = [
  'audit.read',
  'audit.export',
  'audit.verify',
] as const;

export type Permission = (typeof permissions)[number];

export type ActorType = 'staff' | 'api-token' | 'customer' | 'system';

/** Who is acting: established by an authenticator, never by the request's own say-so. */
export interface Actor {
  readonly type: ActorType;
  readonly id: string;
  readonly permissions: ReadonlySet<Permission>;
}

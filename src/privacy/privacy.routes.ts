import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, requestContextOf } from '../identity/index.js';
import type { InboxPolicy } from './policy/effective-policy.js';
import { getPrivacyPolicy } from './policy/get-privacy-policy.js';
import { fixedActions, type PolicyOverrides } from './policy/policy-rules.js';
import { setPrivacyPolicy } from './policy/set-privacy-policy.js';
import type { PrivacyCaller, PrivacyDeps } from './privacy-deps.js';
import { InboxParams, PolicyBody, PolicyView, RevealBody, RevealedView, VaultParams } from './privacy.schemas.js';
import { revealVaulted } from './vault/reveal-vaulted.js';

const tags = ['privacy'];

function callerOf(request: FastifyRequest): PrivacyCaller {
  return { actor: actorOf(request), context: requestContextOf(request) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The explicit mapper of a policy response. */
function policyView(policy: InboxPolicy) {
  return {
    inboxId: policy.inboxId,
    policy: { ...policy.policy },
    overrides: { ...policy.overrides },
    fixed: Object.keys(fixedActions),
    updatedAt: policy.updatedAt === null ? null : iso(policy.updatedAt),
    updatedBy: policy.updatedBy,
  };
}

/**
 * The privacy engine's API: an inbox's masking policy, and revealing a vaulted original. Changing
 * a policy can make an inbox keep personal data in clear, and a reveal shows it: both need step-up.
 */
export function privacyRoutes(deps: PrivacyDeps) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/v1/inboxes/:inboxId/privacy-policy',
      { config: { permission: 'inboxes.manage' }, schema: { tags, summary: "An inbox's masking action per entity type", params: InboxParams, response: { 200: PolicyView } } },
      async (request) => policyView(await getPrivacyPolicy(deps, callerOf(request), { inboxId: request.params.inboxId })),
    );

    app.put(
      '/api/v1/inboxes/:inboxId/privacy-policy',
      {
        config: { permission: 'inboxes.manage', stepUp: true },
        schema: {
          tags,
          summary: "Sets an inbox's masking choices (replacing earlier ones); card data and credentials are always discarded",
          params: InboxParams,
          body: PolicyBody,
          response: { 200: PolicyView },
        },
      },
      async (request) =>
        policyView(await setPrivacyPolicy(deps, callerOf(request), { inboxId: request.params.inboxId, overrides: request.body.overrides as PolicyOverrides })),
    );

    app.post(
      '/api/v1/privacy/vault/:vaultId/reveal',
      {
        config: { permission: 'pii.reveal', stepUp: true },
        schema: { tags, summary: 'Reveals a masked original, with a reason (audited; shown for 60 s)', params: VaultParams, body: RevealBody, response: { 200: RevealedView } },
      },
      async (request) => {
        const revealed = await revealVaulted(deps, callerOf(request), { vaultId: request.params.vaultId, reason: request.body.reason });
        return { value: revealed.value, entityType: revealed.entityType, visibleUntil: iso(revealed.visibleUntil) };
      },
    );
  };
}

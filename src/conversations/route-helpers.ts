import type { FastifyRequest } from 'fastify';
import { actorOf, requestContextOf } from '../identity/index.js';
import type { StaffCaller } from './conversations-deps.js';

export function callerOf(request: FastifyRequest): StaffCaller {
  return { actor: actorOf(request), context: requestContextOf(request) };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

export const tags = ['conversations'];

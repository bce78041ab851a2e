import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { checkpointToJson, type SignedCheckpoint } from '../checkpoint.js';

export interface WebhookTarget {
  readonly url: string;
  /** Extra CA certificates (PEM file) to trust beside the system's. */
  readonly caFile: string | undefined;
}

/** POSTs the checkpoints as one JSON body; resolves only on a 2xx answer. */
export async function sendToWebhook(target: WebhookTarget, checkpoints: readonly SignedCheckpoint[], timeoutMs = 10_000): Promise<void> {
  const body = JSON.stringify({ checkpoints: checkpoints.map(checkpointToJson) });
  const ca = target.caFile === undefined ? undefined : [...rootCertificates, readFileSync(target.caFile, 'utf8')];
  await new Promise<void>((resolve, reject) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
        minVersion: 'TLSv1.2',
        ...(ca ? { ca } : {}),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`The witness webhook answered ${status}.`));
      },
    );
    req.on('timeout', () => req.destroy(new Error('The witness webhook timed out.')));
    req.on('error', reject);
    req.end(body);
  });
}

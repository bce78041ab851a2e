import { createSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { checkpointToJson, type SignedCheckpoint } from '../checkpoint.js';

/**
 * One RFC 5424 message per checkpoint over UDP: facility auth (4), severity notice (5), so a
 * SIEM keeps them apart from ordinary logs. UDP has no acknowledgement: sent counts as done.
 */
export async function sendToSyslog(url: string, checkpoints: readonly SignedCheckpoint[]): Promise<void> {
  const target = new URL(url);
  const port = Number(target.port || '514');
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const priority = 4 * 8 + 5;
  try {
    for (const checkpoint of checkpoints) {
      const json = JSON.stringify(checkpointToJson(checkpoint));
      const message = `<${priority}>1 ${new Date(checkpoint.timestamp).toISOString()} ${hostname()} bolwerk - audit-checkpoint - ${json}`;
      await new Promise<void>((resolve, reject) => socket.send(message, port, host, (error) => (error ? reject(error) : resolve())));
    }
  } finally {
    socket.close();
  }
}

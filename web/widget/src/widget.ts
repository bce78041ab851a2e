/**
 * Bolwerk's embeddable chat widget. A site adds
 *
 *   <script src="https://support.example/widget.js" data-inbox="<inbox id>" async></script>
 *
 * (optionally data-identity-token="<signed token>" and data-locale="nl|en"). It talks to the server
 * the script came from, over one WebSocket (protocol: docs/channels.md, "Web chat").
 */
import { ChatConnection, isRetryable, newId } from './chat-connection.js';
import { ChatView } from './chat-view.js';
import { pickLocale, stringsFor, type Strings } from './strings.js';
import { VisitorStore } from './visitor-store.js';

const TYPING_EVERY_MS = 2_000;

function ownScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset['inbox'] !== undefined) return current;
  // Loaded in a way that leaves currentScript empty: the first script tag that names an inbox and loads us.
  return Array.from(document.querySelectorAll<HTMLScriptElement>('script[data-inbox]')).find((s) => /\/widget\.js(\?|$)/.test(s.src));
}

function problemText(strings: Strings, code: string | undefined): string {
  switch (code) {
    case 'ERR_WEBCHAT_IDENTITY_EXPIRED':
      return strings.identityExpired;
    case 'ERR_WEBCHAT_IDENTITY_REQUIRED':
      return strings.identityRequired;
    case 'ERR_WEBCHAT_MESSAGE_TOO_LARGE':
      return strings.tooLarge;
    case 'ERR_WEBCHAT_RATE_LIMITED':
      return strings.rateLimited;
    case 'ERR_ATTACHMENT_TOO_LARGE':
      return strings.fileTooLarge;
    case 'ERR_ATTACHMENT_TYPE_NOT_ALLOWED':
    case 'ERR_ATTACHMENT_EXECUTABLE':
    case 'ERR_ATTACHMENT_SCRIPTABLE':
    case 'ERR_ATTACHMENT_EMPTY':
    case 'ERR_ATTACHMENT_MALWARE':
      return strings.fileType;
    case 'ERR_WEBCHAT_VISITOR_UNKNOWN':
      return strings.fileFirst;
    case 'ERR_PLATFORM_INTERNAL':
      return strings.failed;
    default:
      return strings.unavailable;
  }
}

function mount(script: HTMLScriptElement): void {
  const inboxId = script.dataset['inbox'] ?? '';
  const server = new URL(script.src, location.href);
  const path = `//${server.host}/api/v1/webchat/${encodeURIComponent(inboxId)}`;
  const socketUrl = `${server.protocol === 'https:' ? 'wss:' : 'ws:'}${path}/socket`;
  const locale = pickLocale(script.dataset['locale'], navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  const strings = stringsFor(locale);
  const token = script.dataset['identityToken'];

  const host = document.createElement('bolwerk-chat');
  host.setAttribute('lang', locale);
  document.body.append(host);

  let lastTyping = 0;
  let started = false;
  // The connection's callbacks reach the view only once frames arrive, after both exist.
  const connection = new ChatConnection(socketUrl, `${server.protocol}${path}/uploads`, new VisitorStore(inboxId), token === undefined || token === '' ? undefined : token, {
    status: (status, code) => view.setStatus(status, status === 'refused' ? problemText(strings, code) : undefined),
    message: (message) => view.show(message),
    acknowledged: (clientMessageId, messageId) => view.acknowledged(clientMessageId, messageId),
    rejected: (clientMessageId, code) => view.rejected(clientMessageId, problemText(strings, code), !isRetryable(code)),
    agentTyping: () => view.agentTyping(),
  });
  const view = new ChatView(host, strings, locale, {
    opened: () => {
      if (!started) connection.start();
      started = true;
    },
    send: (body) => connection.send(body),
    upload: (file) => {
      const clientMessageId = newId();
      void connection.upload(file, clientMessageId).then((result) => {
        if ('messageId' in result) view.acknowledged(clientMessageId, result.messageId);
        else view.rejected(clientMessageId, problemText(strings, result.code), true);
      });
      return clientMessageId;
    },
    typing: () => {
      const now = Date.now();
      if (now - lastTyping < TYPING_EVERY_MS) return;
      lastTyping = now;
      connection.typing();
    },
  });
  // A visitor who chatted before sees replies that came in meanwhile without opening the panel first.
  if (new VisitorStore(inboxId).read().conversationId !== undefined) {
    started = true;
    connection.start();
  }
}

const script = ownScript();
if (script !== undefined) {
  if (document.body === null) document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
  else mount(script);
}

import type { ShownMessage, Status } from './chat-connection.js';
import type { Strings } from './strings.js';
import { applyStyles } from './styles.js';

const TYPING_SHOWN_MS = 4_000;

/** Builds an element; text only ever through textContent, so no message is ever parsed as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string>> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

export interface ViewActions {
  opened(): void;
  send(body: string): string;
  /** Sends a file; returns the id its message is shown under until stored or refused. */
  upload(file: File): string;
  typing(): void;
}

/** The launcher and the chat panel, in a shadow root of their own. */
export class ChatView {
  private readonly panel: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly list: HTMLOListElement;
  private readonly status: HTMLElement;
  private readonly typingLine: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  /** Shown messages by server id and by clientMessageId, so a resend or a resume never shows one twice. */
  private readonly byId = new Map<string, HTMLElement>();
  private readonly byClientId = new Map<string, HTMLElement>();
  private typingTimer: number | undefined;

  constructor(
    host: HTMLElement,
    private readonly strings: Strings,
    private readonly locale: string,
    private readonly actions: ViewActions,
  ) {
    const root = host.attachShadow({ mode: 'open' });
    applyStyles(root);
    this.launcher = el('button', { type: 'button', class: 'launcher', 'aria-label': strings.open, 'aria-expanded': 'false', part: 'launcher' }, '💬');
    this.panel = el('section', { class: 'panel', role: 'dialog', 'aria-label': strings.title, hidden: '' });
    const header = el('header');
    const close = el('button', { type: 'button', class: 'close', 'aria-label': strings.close }, '×');
    header.append(el('h2', {}, strings.title), close);
    this.status = el('div', { class: 'status', role: 'status' });
    this.list = el('ol', { 'aria-live': 'polite' });
    this.list.append(el('li', { class: 'intro' }, strings.intro));
    this.typingLine = el('div', { class: 'typing', 'aria-live': 'polite' });
    const form = el('form');
    this.input = el('textarea', { 'aria-label': strings.placeholder, placeholder: strings.placeholder, maxlength: '4000', rows: '1' });
    const attach = el('button', { type: 'button', class: 'attach', 'aria-label': strings.attach, title: strings.attach }, '📎');
    const picker = el('input', { type: 'file', hidden: '' });
    form.append(attach, picker, this.input, el('button', { type: 'submit', class: 'send' }, strings.send));
    attach.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      const file = picker.files?.[0];
      picker.value = '';
      if (file === undefined) return;
      const clientMessageId = this.actions.upload(file);
      this.show({ id: null, seq: null, direction: 'incoming', body: '', clientMessageId, createdAt: Date.now(), files: [file.name] }, 'sending');
    });
    this.panel.append(header, this.status, this.list, this.typingLine, form);
    root.append(this.panel, this.launcher);

    this.launcher.addEventListener('click', () => this.toggle());
    close.addEventListener('click', () => this.toggle());
    this.input.addEventListener('input', () => this.actions.typing());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = this.input.value.trim();
      if (body === '') return;
      this.input.value = '';
      const clientMessageId = this.actions.send(body);
      this.show({ id: null, seq: null, direction: 'incoming', body, clientMessageId, createdAt: Date.now(), files: [] }, 'sending');
    });
  }

  /** A message from the server (welcome, push) or typed here; one element per message whatever arrives twice. */
  show(message: ShownMessage, state: 'sending' | 'sent' = 'sent'): void {
    const existing = (message.id === null ? undefined : this.byId.get(message.id)) ?? (message.clientMessageId === null ? undefined : this.byClientId.get(message.clientMessageId));
    if (existing !== undefined) {
      if (message.id !== null) this.settle(existing, message.id);
      return;
    }
    const mine = message.direction === 'incoming';
    const item = el('li', { class: `msg ${mine ? 'mine' : 'theirs'}`, 'data-state': state });
    if (message.body !== '' || message.files.length === 0) item.append(el('p', {}, message.body));
    for (const name of message.files) item.append(el('p', { class: 'file' }, `📎 ${name}`));
    item.append(el('small', {}, this.meta(mine, state === 'sending' ? this.strings.sending : this.time(message.createdAt))));
    if (message.clientMessageId !== null) this.byClientId.set(message.clientMessageId, item);
    if (message.id !== null) this.byId.set(message.id, item);
    this.list.append(item);
    this.list.scrollTop = this.list.scrollHeight;
    if (!mine) this.typingLine.textContent = '';
  }

  acknowledged(clientMessageId: string, messageId: string): void {
    const item = this.byClientId.get(clientMessageId);
    if (item !== undefined) this.settle(item, messageId);
  }

  rejected(clientMessageId: string, text: string, final: boolean): void {
    const item = this.byClientId.get(clientMessageId);
    if (item === undefined) return;
    if (final) {
      item.setAttribute('data-state', 'failed');
      item.classList.add('failed');
    }
    const meta = item.querySelector('small');
    if (meta !== null) meta.textContent = `${this.strings.you} · ${final ? this.strings.notSent : this.strings.sending} — ${text}`;
  }

  agentTyping(): void {
    this.typingLine.textContent = this.strings.typing;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => (this.typingLine.textContent = ''), TYPING_SHOWN_MS);
  }

  setStatus(status: Status, problem?: string): void {
    const text = { connecting: this.strings.connecting, open: '', offline: this.strings.offline, refused: problem ?? this.strings.unavailable }[status];
    this.status.textContent = text;
    this.input.disabled = status === 'refused';
  }

  private settle(item: HTMLElement, messageId: string): void {
    this.byId.set(messageId, item);
    if (item.getAttribute('data-state') === 'sent') return;
    item.setAttribute('data-state', 'sent');
    item.classList.remove('failed');
    const meta = item.querySelector('small');
    if (meta !== null) meta.textContent = this.meta(true, `${this.strings.sent} ${this.time(Date.now())}`);
  }

  private toggle(): void {
    const opening = this.panel.hidden;
    this.panel.hidden = !opening;
    this.launcher.setAttribute('aria-expanded', String(opening));
    if (opening) {
      this.actions.opened();
      this.input.focus();
    }
  }

  private meta(mine: boolean, detail: string): string {
    return `${mine ? this.strings.you : this.strings.agent} · ${detail}`;
  }

  private time(at: number): string {
    try {
      return new Intl.DateTimeFormat(this.locale, { hour: '2-digit', minute: '2-digit' }).format(at);
    } catch {
      return '';
    }
  }
}

/** Everything the widget says, in English and Dutch. */
const en = {
  title: 'Chat with us',
  open: 'Open chat',
  close: 'Close chat',
  placeholder: 'Type your message…',
  send: 'Send',
  intro: 'Ask us anything. Please do not share passwords; card numbers and citizen service numbers are hidden automatically.',
  connecting: 'Connecting…',
  offline: 'Connection lost; trying again…',
  typing: 'An agent is typing…',
  sending: 'Sending…',
  sent: 'Sent',
  notSent: 'Not sent',
  you: 'You',
  agent: 'Agent',
  unavailable: 'The chat is not available right now.',
  identityExpired: 'Your session has expired; reload the page to continue.',
  identityRequired: 'Sign in on this site to chat with us.',
  tooLarge: 'This message is too long (at most 4,000 characters).',
  rateLimited: 'You are sending messages quickly; this one follows in a moment.',
  failed: 'Something went wrong; we will try again.',
  attach: 'Send a file',
  fileTooLarge: 'This file is too large.',
  fileType: 'This kind of file cannot be sent; send an image, a PDF or a document.',
  fileFirst: 'Send a message first, then the file.',
} as const;

export type Strings = { readonly [K in keyof typeof en]: string };

const nl: Strings = {
  title: 'Chat met ons',
  open: 'Chat openen',
  close: 'Chat sluiten',
  placeholder: 'Typ uw bericht…',
  send: 'Versturen',
  intro: 'Stel gerust uw vraag. Deel geen wachtwoorden; kaartnummers en BSN’s worden automatisch afgeschermd.',
  connecting: 'Verbinden…',
  offline: 'Verbinding verbroken; we proberen het opnieuw…',
  typing: 'Een medewerker typt…',
  sending: 'Versturen…',
  sent: 'Verstuurd',
  notSent: 'Niet verstuurd',
  you: 'U',
  agent: 'Medewerker',
  unavailable: 'De chat is nu niet beschikbaar.',
  identityExpired: 'Uw sessie is verlopen; laad de pagina opnieuw om verder te gaan.',
  identityRequired: 'Log in op deze site om met ons te chatten.',
  tooLarge: 'Dit bericht is te lang (maximaal 4.000 tekens).',
  rateLimited: 'U verstuurt snel berichten; dit bericht volgt zo.',
  failed: 'Er ging iets mis; we proberen het opnieuw.',
  attach: 'Bestand versturen',
  fileTooLarge: 'Dit bestand is te groot.',
  fileType: 'Dit soort bestand kan niet worden verstuurd; stuur een afbeelding, een pdf of een document.',
  fileFirst: 'Stuur eerst een bericht, dan het bestand.',
};

export type Locale = 'en' | 'nl';

/** data-locale wins; otherwise the browser's language; English for anything but Dutch. */
export function pickLocale(requested: string | undefined, browser: readonly string[]): Locale {
  for (const tag of [requested, ...browser]) {
    const language = tag?.toLowerCase().split('-')[0];
    if (language === 'nl') return 'nl';
    if (language === 'en') return 'en';
  }
  return 'en';
}

export function stringsFor(locale: Locale): Strings {
  return locale === 'nl' ? nl : en;
}

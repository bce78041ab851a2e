// The English texts are the reference: their shape is the type every other language must fill.
export const en = {
  app: {
    name: 'Bolwerk',
    documentTitle: '{{page}} · Bolwerk',
  },
  skipLink: 'Skip to content',
  nav: {
    label: 'Main',
    home: 'Home',
  },
  language: {
    label: 'Language',
  },
  footer: {
    text: 'Bolwerk — customer service you host yourself, with security at its core.',
  },
  home: {
    title: 'Home',
    heading: 'Welcome to Bolwerk',
    intro:
      'Bolwerk brings web chat, e-mail and phone together in one inbox, and every message is masked, encrypted and audited on its way.',
    statusHeading: 'Server status',
    status: {
      checking: 'Checking…',
      ready: 'Ready',
      notReady: 'Not ready yet',
      unreachable: 'Cannot reach the server',
    },
    checkAgain: 'Check again',
  },
  setup: {
    title: 'Setup',
    heading: 'Set up Bolwerk',
    received: 'The setup link was received.',
    next: 'Creating the first administrator account arrives with the identity module. Until then, keep this link to yourself: it works only once.',
    incomplete: 'This setup link is incomplete.',
    incompleteHelp: 'Open the full link that Bolwerk printed when it started for the first time, including the part after “#token=”.',
  },
  notFound: {
    title: 'Page not found',
    heading: 'Page not found',
    body: 'There is no page at this address. Check the address, or go to the home page.',
    homeLink: 'Go to the home page',
  },
  error: {
    title: 'Something went wrong',
    heading: 'Something went wrong',
    body: 'This page could not be shown. Try again, or go to the home page.',
    homeLink: 'Go to the home page',
  },
};

export type Translation = typeof en;

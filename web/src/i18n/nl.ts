import type { Translation } from './en';

// Typed as the English texts: a missing or misspelt key fails the type check.
export const nl: Translation = {
  app: {
    name: 'Bolwerk',
    documentTitle: '{{page}} · Bolwerk',
  },
  skipLink: 'Naar inhoud',
  nav: {
    label: 'Hoofdmenu',
    home: 'Start',
  },
  language: {
    label: 'Taal',
  },
  footer: {
    text: 'Bolwerk — klantenservice in eigen beheer, met beveiliging als kern.',
  },
  home: {
    title: 'Start',
    heading: 'Welkom bij Bolwerk',
    intro:
      'Bolwerk brengt webchat, e-mail en telefoon samen in één inbox, en elk bericht wordt onderweg gemaskeerd, versleuteld en vastgelegd in het auditlogboek.',
    statusHeading: 'Serverstatus',
    status: {
      checking: 'Bezig met controleren…',
      ready: 'Gereed',
      notReady: 'Nog niet gereed',
      unreachable: 'Server niet bereikbaar',
    },
    checkAgain: 'Opnieuw controleren',
  },
  setup: {
    title: 'Installatie',
    heading: 'Bolwerk instellen',
    received: 'De installatielink is ontvangen.',
    next: 'Het eerste beheerdersaccount aanmaken kan zodra de identiteitsmodule er is. Houd deze link tot die tijd voor jezelf: hij werkt maar één keer.',
    incomplete: 'Deze installatielink is onvolledig.',
    incompleteHelp: 'Open de volledige link die Bolwerk bij de eerste start heeft getoond, inclusief het deel na „#token=”.',
  },
  notFound: {
    title: 'Pagina niet gevonden',
    heading: 'Pagina niet gevonden',
    body: 'Op dit adres staat geen pagina. Controleer het adres of ga naar de startpagina.',
    homeLink: 'Naar de startpagina',
  },
  error: {
    title: 'Er is iets misgegaan',
    heading: 'Er is iets misgegaan',
    body: 'Deze pagina kon niet worden getoond. Probeer het opnieuw of ga naar de startpagina.',
    homeLink: 'Naar de startpagina',
  },
};

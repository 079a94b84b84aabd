/**
 * Whether any walk is being recorded, kept in extension storage by the background. Content scripts read it
 * before saying hello, so pages loading while nothing is recorded never wake the service worker.
 */
export const ACTIVE_SESSION_KEY = 'parcours:active';

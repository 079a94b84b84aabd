import type { SessionStatus } from '../store/records';

export interface BadgeLook {
  text: string;
  color: string;
  /** i18n key of the toolbar button's tooltip. */
  titleKey: 'badgeRecording' | 'badgePaused' | 'badgeStorageFull' | 'badgeInterrupted' | 'badgeIdle';
}

/**
 * What the toolbar badge shows for a session state: red REC, amber pause bars, red FULL when paused for a full
 * disk (the tooltip says what to do), grey "!" when interrupted.
 */
export function badgeFor(status: SessionStatus | 'storage-full' | null): BadgeLook {
  switch (status) {
    case 'recording':
      return { text: 'REC', color: '#c62828', titleKey: 'badgeRecording' };
    case 'paused':
      return { text: '||', color: '#b26a00', titleKey: 'badgePaused' };
    case 'storage-full':
      return { text: 'FULL', color: '#c62828', titleKey: 'badgeStorageFull' };
    case 'interrupted':
      return { text: '!', color: '#616161', titleKey: 'badgeInterrupted' };
    default:
      return { text: '', color: '#616161', titleKey: 'badgeIdle' };
  }
}

import { renderLocalized } from '@/components/common/render-localized';
import { SessionsApp } from '@/components/sessions/SessionsApp';
import { t } from '@/lib/i18n';
import '@/components/common/base.css';
import '@/components/review/review.css';

void renderLocalized(
  () => <SessionsApp />,
  document.getElementById('app') as HTMLElement,
  () => `${t('appName')} – ${t('sessionsTitle')}`,
);

import { render } from 'preact';
import { SessionsApp } from '@/components/sessions/SessionsApp';
import { currentLocale, t } from '@/lib/i18n';
import '@/components/common/base.css';
import '@/components/review/review.css';

document.documentElement.lang = currentLocale();
document.title = `${t('appName')} – ${t('sessionsTitle')}`;
render(<SessionsApp />, document.getElementById('app') as HTMLElement);

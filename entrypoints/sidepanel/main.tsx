import { render } from 'preact';
import { SidePanel } from '@/components/sidepanel/SidePanel';
import { currentLocale, t } from '@/lib/i18n';
import '@/components/common/base.css';
import '@/components/sidepanel/sidepanel.css';

document.documentElement.lang = currentLocale();
document.title = `${t('appName')} – ${t('sidePanelTitle')}`;
render(<SidePanel />, document.getElementById('app') as HTMLElement);

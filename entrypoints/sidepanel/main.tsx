import { renderLocalized } from '@/components/common/render-localized';
import { SidePanel } from '@/components/sidepanel/SidePanel';
import { t } from '@/lib/i18n';
import '@/components/common/base.css';
import '@/components/sidepanel/sidepanel.css';

void renderLocalized(
  () => <SidePanel />,
  document.getElementById('app') as HTMLElement,
  () => `${t('appName')} – ${t('sidePanelTitle')}`,
);

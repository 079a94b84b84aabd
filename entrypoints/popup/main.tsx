import { renderLocalized } from '@/components/common/render-localized';
import { Popup } from '@/components/popup/Popup';
import '@/components/common/base.css';

void renderLocalized(() => <Popup />, document.getElementById('app') as HTMLElement);

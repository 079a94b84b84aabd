import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import { currentLocale } from '@/lib/i18n';
import '@/components/common/base.css';

document.documentElement.lang = currentLocale();
render(<Popup />, document.getElementById('app') as HTMLElement);

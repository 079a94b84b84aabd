import { describe, expect, it } from 'vitest';
import { touchpointOf } from '@/lib/journey/timeline';

describe('touchpointOf', () => {
  it('names the site by its host (port included) and the page by its title, on the web', () => {
    expect(touchpointOf('https://shop.example/mugs?colour=blue#reviews', 'Mugs')).toEqual({ site: 'shop.example', page: 'Mugs', channel: 'web' });
    expect(touchpointOf('http://127.0.0.1:5310/', 'Parcours Shop – Home')).toEqual({ site: '127.0.0.1:5310', page: 'Parcours Shop – Home', channel: 'web' });
  });

  it('names an untitled page by its path', () => {
    expect(touchpointOf('https://shop.example/checkout/payment', null)).toEqual({ site: 'shop.example', page: '/checkout/payment', channel: 'web' });
  });

  it('has no site without a url, an unreadable url, or a url without a host', () => {
    expect(touchpointOf(null, 'Shop')).toEqual({ site: null, page: 'Shop', channel: 'web' });
    expect(touchpointOf('not a url', null)).toEqual({ site: null, page: null, channel: 'web' });
    expect(touchpointOf('file:///home/me/shop.html', null)).toEqual({ site: null, page: '/home/me/shop.html', channel: 'web' });
  });
});

import { describe, expect, it } from 'vitest';
import { isWidgetSrc, languageTag, offeredLanguages, oneClickAnswer, readEmbed, serverBase } from '../../../web/widget/embed.js';

describe('the embedding', () => {
  it.each([
    ['https://host/widget.js', 'https://host/'],
    ['https://host/sat/widget.js', 'https://host/sat/'],
    ['https://host/sat/widget.js?v=2#x', 'https://host/sat/'],
    ['https://host/assets/widget-G4MU2JLD.js', 'https://host/'],
    ['https://host/sat/assets/widget-G4MU2JLD.js', 'https://host/sat/'],
    ['http://localhost:3000/assets/widget-AB12CD34.js', 'http://localhost:3000/'],
    // A prefix that happens to be called "assets" stays, for the stable URL.
    ['https://host/assets/widget.js', 'https://host/assets/'],
  ])('takes the server base of %s to be %s', (src, base) => {
    expect(serverBase(src)).toBe(base);
    expect(new URL('webchat/session', serverBase(src)).href).toBe(`${base}webchat/session`);
  });

  it('finds its own script tag at the stable or the hashed URL', () => {
    expect(isWidgetSrc('/widget.js', 'https://shop.example/')).toBe(true);
    expect(isWidgetSrc('https://host/sat/assets/widget-G4MU2JLD.js', 'https://shop.example/')).toBe(true);
    expect(isWidgetSrc('https://host/other.js', 'https://shop.example/')).toBe(false);
    expect(isWidgetSrc('https://host/mywidget.js', 'https://shop.example/')).toBe(false);
  });

  it('sends only well-formed language tags: the browser’s first 9, then the page’s', () => {
    expect(languageTag(' es-MX ')).toBe('es-MX');
    expect(languageTag('zh-Hans-CN')).toBe('zh-Hans-CN');
    expect(languageTag('"><script>')).toBe('');
    expect(languageTag('x')).toBe('');
    const many = ['en-US', 'en-US', 'bad tag', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'sv', 'da', 'fi'];
    expect(offeredLanguages(many, 'ja')).toEqual(['en-US', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'sv', 'da', 'ja']);
    expect(offeredLanguages(['es'], 'es')).toEqual(['es']);
  });

  it('reads the script tag’s attributes', () => {
    const attrs: Record<string, string> = { invite: 'a.b.c', locale: 'es', mode: 'page', container: '#chat', 'page-lang': 'ignore', open: 'true', title: 'Hola', answer: '4', 'answer-question': 'csat' };
    const embed = readEmbed((n) => attrs[n] ?? '', { src: 'https://host/sat/assets/widget-X1.js', navigatorLanguages: ['es-MX'], pageLang: 'en' });
    expect(embed).toEqual({
      base: 'https://host/sat/',
      invite: 'a.b.c',
      mode: 'page',
      title: 'Hola',
      locale: 'es',
      ownPage: true,
      container: '#chat',
      openAtStart: true,
      // data-page-lang="ignore": our own page's lang is no hint.
      languages: ['es-MX'],
      storeKey: 'satisfy:a.b.c',
      answer: { questionId: 'csat', value: '4' },
    });
    const plain = readEmbed(() => '', { src: 'https://host/widget.js', navigatorLanguages: ['de'], pageLang: 'fr-CA' });
    expect(plain).toMatchObject({ mode: 'bubble', invite: '', locale: '', ownPage: false, openAtStart: false, languages: ['de', 'fr-CA'], storeKey: 'satisfy:default', answer: null });
  });

  it('takes a one-click answer only when both its attributes are well-formed', () => {
    expect(oneClickAnswer('10', 'nps')).toEqual({ questionId: 'nps', value: '10' });
    expect(oneClickAnswer('0', 'q_1-a')).toEqual({ questionId: 'q_1-a', value: '0' });
    for (const [value, question] of [['', 'csat'], ['4', ''], ['four', 'csat'], ['4.5', 'csat'], ['4', 'cs at'], ['4', '<b>'], ['1234', 'csat']]) {
      expect(oneClickAnswer(value!, question!), `${value} ${question}`).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../../src/policy/rules/detect-language.js';

describe('detectLanguage', () => {
  it.each([
    ['en', 'Hi, since the update the dashboard does not load. Could you please have a look? Thanks'],
    [
      'nl',
      'Hallo, sinds de update werkt het dashboard niet meer. Kunnen jullie ernaar kijken? Met vriendelijke groet',
    ],
    ['de', 'Hallo, seit dem Update funktioniert das Dashboard nicht mehr. Können Sie bitte helfen? Danke'],
    [
      'fr',
      'Bonjour, depuis la mise à jour le tableau de bord ne fonctionne pas. Pouvez-vous nous aider ? Merci',
    ],
    ['es', 'Hola, desde la actualización el panel no funciona. ¿Nos pueden ayudar? Gracias'],
    ['da', 'Hej, efter opdateringen virker vores Host ikke. Kan I hjælpe? Med venlig hilsen'],
    ['ru', 'Здравствуйте, после обновления демон не запускается. Помогите, пожалуйста.'],
    ['ja', 'こんにちは、アップデート後にデーモンが起動しません。'],
  ])('%s', (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it('reads English through log lines and URLs', () => {
    const text = [
      'Hello, the daemon stops after a few minutes. Here is the log:',
      '2025-06-10 10:00:01 ERROR [fastnetmon] segfault at 0x0 ip 000055d3',
      'See https://example.com/de/la/het/die for the config we use.',
    ].join('\n');
    expect(detectLanguage(text).language).toBe('en');
  });

  it.each([
    ['too short', 'HTTP 500'],
    ['no letters', '12345 !!!'],
  ])('makes no guess when the text is %s', (_title, text) => {
    expect(detectLanguage(text)).toEqual({ language: null, basis: 'none' });
  });
});

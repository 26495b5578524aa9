// Frequent function words per language, chosen to be as distinctive as possible between the
// listed languages (words shared by several, like "de" or "in", are kept only where they are
// very frequent; they then count for each language that has them and cancel out).
// Enough to tell a short support mail in English from one in Dutch, German or a neighbour.

export const STOP_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(
    'the and is are not with this that have has we our you your it of to for on please when after from can does what there be was but would could been since any which should doing'.split(
      ' ',
    ),
  ),
  nl: new Set(
    'de het een en is niet van met dat die wij ons onze jullie u uw bij voor naar wordt werkt kunnen graag hebben heeft maar ook geen als sinds alvast bedankt groet groeten meer vriendelijke zijn wat hoe deze kan ik er nog wel'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das und ist nicht mit wir unser unsere sie ihr bei für nach wird funktioniert können bitte haben hat aber auch kein keine wenn seit danke grüße ein eine es ich dem den mehr wie noch'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les et est pas avec nous notre vous votre pour dans une un des ne fonctionne merci bonjour depuis mais aussi il elle sur ce cette qui du au'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el la los las y es no con nuestro nuestra usted para en una un por funciona gracias hola desde pero también que del se al está'.split(
      ' ',
    ),
  ),
  it: new Set(
    'il la gli e è non con noi nostro per una un che funziona grazie buongiorno ma anche del della sono questo'.split(
      ' ',
    ),
  ),
  pt: new Set(
    'o a os as e é não com nós nosso para em uma um que funciona obrigado olá mas também do da está'.split(
      ' ',
    ),
  ),
  da: new Set(
    'og er ikke med vi vores jeg det den en et til på for af har kan men også tak hej venlig hilsen virker efter'.split(
      ' ',
    ),
  ),
  sv: new Set(
    'och är inte med vi vår jag det den en ett till på för av har kan men också tack hej fungerar'.split(' '),
  ),
};

/** Scripts that identify a language family on their own, checked before any word counting. */
export const SCRIPT_LANGUAGES: readonly { language: string; script: RegExp }[] = [
  { language: 'ru', script: /\p{Script=Cyrillic}/gu },
  { language: 'el', script: /\p{Script=Greek}/gu },
  { language: 'ar', script: /\p{Script=Arabic}/gu },
  { language: 'he', script: /\p{Script=Hebrew}/gu },
  // Kana before Han: Japanese text is full of Han characters too.
  { language: 'ja', script: /[\p{Script=Hiragana}\p{Script=Katakana}]/gu },
  { language: 'zh', script: /\p{Script=Han}/gu },
  { language: 'ko', script: /\p{Script=Hangul}/gu },
];

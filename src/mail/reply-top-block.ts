/**
 * The part of a reply its sender wrote: everything above the first quote header. Mail clients
 * quote in different ways and many do not prefix quoted lines with `>` (Outlook, OWA, Apple
 * Mail's HTML part, Yahoo), so a reply is cut at the first line that starts any quoting layout
 * we know. Cutting too early only loses text the engineer wrote below a quote (an interleaved
 * answer); cutting too late would apply commands and relay text from an earlier mail, so the
 * detectors lean towards cutting.
 */

/** Outlook's separator above the quoted header block (OWA, Outlook on the web, Outlook for Mac). */
const UNDERSCORE_RULE = /^\s*_{10,}\s*$/;

/** `-----Original Message-----` and the banners of other languages and forwards. */
const BANNER =
  /^\s*-{2,}\s*(original message|original meddelelse|oprindelig meddelelse|oprindelig besked|ursprüngliche nachricht|oorspronkelijk bericht|message d'origine|mensaje original|messaggio originale|ursprungligt meddelande|opprinnelig melding|forwarded message|videresendt meddelelse|videresendt besked|weitergeleitete nachricht|doorgestuurd bericht)\s*-{2,}\s*$/i;

/** Apple Mail's forward header, where no dashes are drawn. */
const FORWARD_INTRO =
  /^\s*(begin forwarded message|start på videresendt besked|anfang der weitergeleiteten nachricht|begin doorgestuurd bericht)\s*:\s*$/i;

/**
 * The first line of Outlook's header block in English, Danish, German, Dutch (and French,
 * Spanish, Italian, Swedish/Norwegian, which share the shapes), optionally bolded by the HTML
 * to text conversion (`*From:*`).
 */
const HEADER_FROM = /^\s*\*?(from|fra|von|van|de|da|från)\s*:\*?\s*\S/i;
/** The field that follows it within a few lines: the date or sent time, the recipients or the subject. */
const HEADER_NEXT =
  /^\s*\*?(sent|date|to|subject|cc|sendt|dato|til|emne|gesendet|datum|an|betreff|verzonden|aan|onderwerp|envoyé|à|objet|enviado|para|asunto|inviato|oggetto|skickat|ämne)\s*:\*?/i;

/**
 * An attribution line such as Gmail's or Thunderbird's `On <date>, <name> wrote:`, Danish
 * `Den <date> skrev <name>:`, German `Am <date> schrieb <name>:` or Dutch `Op <date> schreef
 * <name>:` / `… heeft <name> het volgende geschreven:`. Clients wrap long ones over two or three
 * lines, so it is matched against a few joined lines.
 */
const ATTRIBUTION =
  /^\s*(on|den|am|op|le|el|il|em|på)\s.{4,400}?\s(wrote|skrev|schrieb|schreef|geschreven|écrit|escribió|scritto|escreveu)\b[^:\n]{0,200}:\s*$/i;
/**
 * An attribution with no leading word (Norwegian and Danish Gmail start with the weekday, some
 * web mailers with the name): it must name an address and end with a colon, so "as Bob wrote:"
 * in an answer is no header.
 */
const SHORT_ATTRIBUTION_VERB = /\s(wrote|skrev|schrieb|schreef)\b/i;
const ATTRIBUTED_ADDRESS = /<[^<>\s]+@[^<>\s]+>/;
const shortAttribution = (line: string): boolean =>
  line.length <= 400 &&
  /:\s*$/.test(line) &&
  SHORT_ATTRIBUTION_VERB.test(line) &&
  ATTRIBUTED_ADDRESS.test(line);

const QUOTED = /^\s*>/;

/** How many lines an attribution or an Outlook header block may take. */
const ATTRIBUTION_LINES = 3;
const HEADER_BLOCK_LINES = 4;

function startsOutlookHeader(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i] ?? '')) return false;
  for (let j = i + 1; j <= i + HEADER_BLOCK_LINES && j < lines.length; j++) {
    if (HEADER_NEXT.test(lines[j] ?? '')) return true;
  }
  return false;
}

function startsAttribution(lines: string[], i: number): boolean {
  let joined = '';
  for (let j = i; j < i + ATTRIBUTION_LINES && j < lines.length; j++) {
    const line = (lines[j] ?? '').trim();
    if (line === '' || QUOTED.test(line)) return false;
    joined = joined === '' ? line : `${joined} ${line}`;
    if (ATTRIBUTION.test(joined) || shortAttribution(joined)) return true;
  }
  return false;
}

/** Index of the first line that starts quoted material, or the line count when there is none. */
export function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (
      QUOTED.test(line) ||
      UNDERSCORE_RULE.test(line) ||
      BANNER.test(line) ||
      FORWARD_INTRO.test(line) ||
      startsOutlookHeader(lines, i) ||
      startsAttribution(lines, i)
    )
      return i;
  }
  return lines.length;
}

/** The sender's own text of a reply, line ends normalised to `\n`, without the quoted history. */
export function replyTopBlock(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines.slice(0, quoteStart(lines)).join('\n').trimEnd();
}

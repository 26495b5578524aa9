/** The first lines of a mail body, for history entries, alerts and templates; optionally capped. */
export function firstLines(text: string, lines: number, maxChars = Number.POSITIVE_INFINITY): string {
  return text.split('\n').slice(0, lines).join('\n').slice(0, maxChars);
}

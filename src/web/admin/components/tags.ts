// Lists as staff type them in one line, separated by commas: tags of an audience, keywords, event types.

/** The items of the line, trimmed, empty ones left out. */
export const listOf = (text: string, separator: string | RegExp = ',') =>
  text
    .split(separator)
    .map((x) => x.trim())
    .filter(Boolean);

/** The distinct tags of the line, trimmed, empty ones left out. */
export const tagsOf = (text: string) => [...new Set(listOf(text))];

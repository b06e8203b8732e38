// Tags as staff type them for an audience: one line, separated by commas.

/** The distinct tags of the line, trimmed, empty ones left out. */
export const tagsOf = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

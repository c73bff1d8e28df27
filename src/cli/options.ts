/** Options several commands share. */

/** `--environment FILE...`: one or many environment files or (quoted) globs. */
export const environmentFilesOption = {
  alias: 'e',
  type: 'string',
  array: true,
  demandOption: true,
  describe: 'Environment file(s) or globs (quote globs)',
} as const;
